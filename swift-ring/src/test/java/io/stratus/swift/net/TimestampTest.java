package io.stratus.swift.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Timestamps in Swift's forms. */
class TimestampTest {

    @Test
    void parsesTheInternalFormAndOthersAlike() {
        assertEquals(170000000012345L, Timestamp.parse("1700000000.12345").hundredMicros());
        assertEquals(170000000012345L, Timestamp.parse("1700000000.123450").hundredMicros());
        assertEquals(170000000012350L, Timestamp.parse("1700000000.123499").hundredMicros()); // rounded as Swift rounds
        assertEquals(170000000000000L, Timestamp.parse("1700000000").hundredMicros());
        assertEquals(100000L, Timestamp.parse("0000000001.00000").hundredMicros());
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("17000000a0.12345"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("-1700000000.1234"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse(""));
    }

    @Test
    void writesTenIntegerDigitsAndFiveDecimals() {
        assertEquals("1700000000.12345", new Timestamp(170000000012345L).internal());
        assertEquals("0000000001.00002", new Timestamp(100002L).internal());
        assertEquals("0000000000.00000", new Timestamp(0).internal());
        assertEquals("10000000000.00001", new Timestamp(1_000_000_000_000_001L).internal());
    }

    @Test
    void lastModifiedRoundsUpToTheNextSecond() {
        assertEquals("Tue, 14 Nov 2023 22:13:21 GMT", new Timestamp(170000000012345L).httpDate());
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", new Timestamp(170000000000000L).httpDate());
        assertEquals("Thu, 01 Jan 1970 00:00:01 GMT", new Timestamp(1L).httpDate()); // day zero-padded, as Swift writes it
    }

    @Test
    void listingTimeIsIsoWithMicroseconds() {
        assertEquals("2023-11-14T22:13:20.123450", new Timestamp(170000000012345L).listingTime());
        assertEquals("1970-01-01T00:00:01.000010", new Timestamp(100001L).listingTime());
    }

    @Test
    void listingTimeAgreesWithTheJdkCalendarAcrossCenturies() {
        java.util.Random random = new java.util.Random(11);
        java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
        for (int i = 0; i < 100_000; i++) {
            long hundredMicros = (long) (random.nextDouble() * 9_999_999_999L) * 100_000 + random.nextInt(100_000); // 1970..2286
            java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(hundredMicros / 100_000,
                    (int) (hundredMicros % 100_000) * 10_000, java.time.ZoneOffset.UTC);
            assertEquals(iso.format(time), new Timestamp(hundredMicros).listingTime());
        }
        assertEquals("2000-02-29T23:59:59.999990", new Timestamp(95_186_879_999_999L).listingTime());
        assertEquals("2100-03-01T00:00:00.000000", new Timestamp(410_754_240_000_000L).listingTime());
    }
}
