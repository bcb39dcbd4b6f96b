package io.stratus.swift.storage.db;

/** The listing parameters Swift takes for accounts and containers. */
public record ListingQuery(String prefix, String delimiter, String marker, String endMarker, int limit, boolean reverse) {

    public static final int MAX_LIMIT = 10_000;

    public ListingQuery {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Maximum limit is " + MAX_LIMIT);
        }
        if (delimiter != null && delimiter.length() != 1) {
            throw new IllegalArgumentException("Bad delimiter");
        }
    }
}
