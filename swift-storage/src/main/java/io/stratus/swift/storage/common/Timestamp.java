package io.stratus.swift.storage.common;

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

    public static Timestamp now() {
        Instant now = Instant.now();
        return new Timestamp(now.getEpochSecond() * 100_000 + now.getNano() / 10_000);
    }

    /** The normal form: "1700000000.12345". */
    public String internal() {
        return String.format("%010d.%05d", hundredMicros / 100_000, hundredMicros % 100_000);
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
