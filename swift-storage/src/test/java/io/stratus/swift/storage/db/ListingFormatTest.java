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
}
