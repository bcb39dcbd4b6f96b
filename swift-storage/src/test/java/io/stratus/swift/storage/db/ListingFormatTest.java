package io.stratus.swift.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listings rendered without a JSON library. */
class ListingFormatTest {

    @Test
    void jsonListingsEscapeWhatJsonNeedsAndKeepTheRest() {
        List<ListingFormat.Item> items = List.of(
                ListingFormat.Item.row(new String[] {"name", "bytes"}, "a\"b\\c\u0001d/é✓", 42L),
                ListingFormat.Item.subdir("dir/"));
        String json = new String(ListingFormat.JSON.render("container", "c", "object", items), StandardCharsets.UTF_8);
        assertEquals("[{\"name\":\"a\\\"b\\\\c\\u0001d/é✓\",\"bytes\":42},{\"subdir\":\"dir/\"}]", json);
        assertEquals("[]", new String(ListingFormat.JSON.render("container", "c", "object", List.of()), StandardCharsets.UTF_8));
        String xml = new String(ListingFormat.XML.render("container", "c&d", "object", items), StandardCharsets.UTF_8);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"c&amp;d\"><object><name>a&quot;b\\c\u0001d/é✓</name>"
                + "<bytes>42</bytes></object><subdir name=\"dir/\"><name>dir/</name></subdir></container>", xml);
        assertEquals("a\"b\\c\u0001d/é✓\ndir/\n", new String(ListingFormat.PLAIN.render("container", "c", "object", items), StandardCharsets.UTF_8));
    }

    /** Names of every kind (ASCII, Latin-1, chars whose low byte looks like a quote, surrogate pairs, controls) survive a JSON parse and the plain listing. */
    @Test
    void anyNameRoundTrips() throws Exception {
        java.util.Random random = new java.util.Random(5);
        String alphabet = "abcXYZ019/-_. \"\\\u0001\u001f\u007f\u00e9\u00ff\u0122\u015c\u2713\ud83d\ude00";
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            for (int j = random.nextInt(40); j > 0; j--) {
                int pick = random.nextInt(alphabet.length() - 1);
                name.append(alphabet.charAt(pick));
                if (Character.isHighSurrogate(alphabet.charAt(pick))) {
                    name.append(alphabet.charAt(pick + 1));
                }
            }
            if (!Character.isLowSurrogate(name.length() > 0 ? name.charAt(0) : 'a')) {
                names.add(name.toString());
            }
        }
        List<ListingFormat.Item> items = names.stream().map(n -> ListingFormat.Item.row(new String[] {"name", "bytes"}, n, 1L)).toList();
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ListingFormat.JSON.render("container", "c", "object", items));
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), parsed.get(i).get("name").asText());
        }
        assertEquals(String.join("\n", names) + "\n",
                new String(ListingFormat.PLAIN.render("container", "c", "object", items), StandardCharsets.UTF_8));
    }
}
