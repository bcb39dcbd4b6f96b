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
        java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(epochSeconds(), 0, java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(26);
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2).append('.');
        return pad(out, hundredMicros % 100_000 * 10, 6).toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
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
