package io.stratus.swift.storage.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks names in order as Swift lists them: prefix, marker, end_marker, limit, reverse, and a
 * delimiter that folds everything below a "directory" into one subdir entry.
 */
public final class Listing {

    /** Fetches up to {@code limit} live rows after {@code cursor} (inclusive when asked), in the query's direction. */
    @FunctionalInterface
    public interface Source<T> {
        List<T> fetch(String cursor, boolean inclusive, String endMarker, String prefix, int limit, boolean reverse) throws Exception;
    }

    /** A name that is a row, or a subdir (rowValue null). */
    public record Entry<T>(String name, T row) {
        public boolean isSubdir() {
            return row == null;
        }
    }

    private Listing() {
    }

    public static <T> List<Entry<T>> list(ListingQuery query, Source<T> source, java.util.function.Function<T, String> nameOf)
            throws Exception {
        String prefix = query.prefix() == null ? "" : query.prefix();
        List<Entry<T>> out = new ArrayList<>();
        String cursor = query.marker();
        boolean inclusive = false;
        while (out.size() < query.limit()) {
            int want = query.limit() - out.size();
            List<T> rows = source.fetch(cursor, inclusive, query.endMarker(), prefix, want, query.reverse());
            if (rows.isEmpty()) {
                break;
            }
            inclusive = false;
            boolean jumped = false;
            for (T row : rows) {
                String name = nameOf.apply(row);
                if (query.delimiter() != null) {
                    int at = name.indexOf(query.delimiter(), prefix.length());
                    if (at >= 0) {
                        String subdir = name.substring(0, at + 1);
                        if (!(query.marker() != null && !query.reverse() && subdir.compareTo(query.marker()) <= 0)) {
                            out.add(new Entry<>(subdir, null));
                        }
                        if (query.reverse()) {
                            cursor = subdir;
                        } else {
                            // the first name after everything below subdir: its delimiter bumped by one
                            cursor = subdir.substring(0, subdir.length() - 1) + (char) (query.delimiter().charAt(0) + 1);
                            inclusive = true;
                        }
                        jumped = true;
                        break;
                    }
                }
                out.add(new Entry<>(name, row));
                cursor = name;
                if (out.size() >= query.limit()) {
                    break;
                }
            }
            if (!jumped && rows.size() < want) {
                break;
            }
        }
        return out;
    }
}
