package io.stratus.swift.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyFooterTest {

    @Test
    void roundTripsAnyCrc() {
        for (int crc : new int[] {0, 1, -1, Integer.MIN_VALUE, 0x7fffffff, 0xdeadbeef}) {
            byte[] footer = BodyFooter.encode("D41D8CD98F00B204E9800998ECF8427E", crc);
            assertEquals(BodyFooter.LENGTH, footer.length);
            assertEquals(new BodyFooter.Sums("d41d8cd98f00b204e9800998ecf8427e", crc), BodyFooter.decode(footer));
        }
    }

    @Test
    void refusesWhatIsNotAFooter() {
        assertThrows(IllegalArgumentException.class, () -> BodyFooter.decode(new byte[39]));
        assertThrows(IllegalArgumentException.class,
                () -> BodyFooter.decode("d41d8cd98f00b204e9800998ecf8427e0000000g".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class,
                () -> BodyFooter.decode("d41d8cd98f00b204e9800998ecf8427e-0000001".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> BodyFooter.encode("abc", 0));
    }
}
