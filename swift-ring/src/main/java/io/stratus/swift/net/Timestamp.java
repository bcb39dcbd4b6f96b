package io.stratus.swift.net;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Swift's timestamps: seconds since the epoch with five decimals, written with ten integer digits
 * ("1700000000.12345") so that file names sort in time order. Newer always wins.
 */
public record Timestamp(long hundredMicros) implements Comparable<Timestamp> {

    public static Timestamp parse(String text) {
        if (text == null || text.isBlank() || text.length() > 32) {
            throw new IllegalArgumentException("missing or malformed X-Timestamp");
        }
        long canonical = parseCanonical(text);
        if (canonical >= 0) {
            return new Timestamp(canonical);
        }
        try {
            String value = text.contains("_") ? text.substring(0, text.indexOf('_')) : text; // offsets are not supported
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.signum() < 0) {
                throw new IllegalArgumentException("negative X-Timestamp");
            }
            return new Timestamp(seconds.movePointRight(5).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("malformed X-Timestamp: " + text);
        }
    }

    /** The internal form every Stratus node writes ("1700000000.12345"), without BigDecimal; -1 for any other form. */
    private static long parseCanonical(String text) {
        if (text.length() != 16 || text.charAt(10) != '.') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 10) {
                continue;
            }
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public static Timestamp now() {
        Instant now = Instant.now();
        return new Timestamp(now.getEpochSecond() * 100_000 + now.getNano() / 10_000);
    }

    /** The normal form: "1700000000.12345". */
    public String internal() {
        char[] digits = new char[16];
        long rest = hundredMicros;
        for (int i = 15; i >= 0; i--) {
            if (i == 10) {
                digits[i] = '.';
                continue;
            }
            digits[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        if (rest > 0) { // past the year 2286: more than ten integer digits
            return (hundredMicros / 100_000) + "." + new String(digits, 11, 5);
        }
        return new String(digits);
    }

    private static final java.time.format.DateTimeFormatter HTTP_DATE = java.time.format.DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);

    /**
     * As Last-Modified shows it: "Tue, 14 Nov 2023 22:13:21 GMT", rounded up to the next second as Swift
     * does, so that If-Modified-Since with the returned value never misses this version.
     */
    public String httpDate() {
        long seconds = hundredMicros % 100_000 == 0 ? epochSeconds() : epochSeconds() + 1;
        return HTTP_DATE.format(Instant.ofEpochSecond(seconds));
    }

    /** As listings show it: "2023-11-14T22:13:20.123450" (UTC, microseconds). */
    public String listingTime() {
        // a listing formats one per row: digits written straight into 26 bytes, no calendar objects
        long seconds = epochSeconds();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // days since 1970-01-01 to a civil date (Howard Hinnant's algorithm)
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        byte[] text = new byte[26];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        digits(text, 20, hundredMicros % 100_000 * 10, 6);
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] into, int offset, long value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    public long epochSeconds() {
        return hundredMicros / 100_000;
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(hundredMicros / 100_000, (hundredMicros % 100_000) * 10_000);
    }

    @Override
    public int compareTo(Timestamp other) {
        return Long.compare(hundredMicros, other.hundredMicros);
    }

    public boolean isAfter(Timestamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return internal();
    }
}
