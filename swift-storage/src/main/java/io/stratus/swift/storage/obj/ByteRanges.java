package io.stratus.swift.storage.obj;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP Range header read as Swift reads it: `bytes=` and a comma-separated list of `first-last`,
 * `first-` and `-suffix`. A header that does not parse is ignored (the whole object is served);
 * ranges that start past the end are dropped, and when none is left the answer is 416.
 */
public final class ByteRanges {

    /** Swift ignores a Range header with more ranges than this. */
    static final int MAX_RANGES = 50;

    /** One range, both ends included. */
    public record Range(long first, long last) {
        public long length() {
            return last - first + 1;
        }
    }

    private ByteRanges() {
    }

    /**
     * @return null to serve the whole object, an empty list for 416, else the satisfiable ranges in order
     */
    public static List<Range> parse(String header, long length) {
        if (header == null) {
            return null;
        }
        String value = header.replace(" ", "").replace("\t", "");
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String[] specs = value.substring(6).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return null;
        }
        List<Range> ranges = new ArrayList<>();
        for (String spec : specs) {
            int dash = spec.indexOf('-');
            if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
                return null;
            }
            String start = spec.substring(0, dash);
            String end = spec.substring(dash + 1);
            if ((!start.isEmpty() && !digits(start)) || (!end.isEmpty() && !digits(end)) || (start.isEmpty() && end.isEmpty())) {
                return null;
            }
            if (start.isEmpty()) {
                long suffix = parseCapped(end);
                if (suffix == 0) {
                    continue; // "-0" asks for nothing
                }
                if (length > 0) {
                    ranges.add(new Range(Math.max(0, length - suffix), length - 1));
                }
                continue;
            }
            long first = parseCapped(start);
            long last = end.isEmpty() ? length - 1 : parseCapped(end);
            if (last < first && !end.isEmpty()) {
                return null; // "5-2" is a syntax error: the header is ignored
            }
            if (first < length) {
                ranges.add(new Range(first, Math.min(last, length - 1)));
            }
        }
        return ranges;
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long parseCapped(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
