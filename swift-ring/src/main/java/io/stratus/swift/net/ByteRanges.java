package io.stratus.swift.net;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP Range header read as Swift reads it: `bytes=` and a comma-separated list of `first-last`,
 * `first-` and `-suffix`. A header that does not parse is ignored (the whole object is served);
 * ranges that start past the end are dropped, and when none is left the answer is 416.
 */
public final class ByteRanges {

    /** Swift ignores a Range header with more ranges than this. */
    public static final int MAX_RANGES = 50;

    /** One range, both ends included. */
    public record Range(long first, long last) {
        public long length() {
            return last - first + 1;
        }
    }

    /** The framing of a multipart/byteranges body: each part's head, the closing line, and the whole length. */
    public record Multipart(String contentType, List<byte[]> heads, byte[] tail, long length) {

        /** @param partType the object's own type, which each part carries */
        public static Multipart of(List<Range> ranges, String partType, long objectLength) {
            String boundary = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                    .putLong(java.util.concurrent.ThreadLocalRandom.current().nextLong()).putLong(System.nanoTime()).array());
            List<byte[]> heads = new ArrayList<>();
            long length = 0;
            for (Range range : ranges) {
                byte[] head = ("--" + boundary + "\r\nContent-Type: " + partType + "\r\nContent-Range: bytes " + range.first() + "-"
                        + range.last() + "/" + objectLength + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                heads.add(head);
                length += head.length + range.length() + 2; // the part's bytes, then CRLF
            }
            byte[] tail = ("--" + boundary + "--").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            return new Multipart("multipart/byteranges;boundary=" + boundary, heads, tail, length + tail.length);
        }

        /** Writes the parts, {@code partBody} writing the bytes of the i-th range. */
        public void write(java.io.OutputStream out, PartWriter partBody) throws java.io.IOException {
            for (int i = 0; i < heads.size(); i++) {
                out.write(heads.get(i));
                partBody.write(i, out);
                out.write('\r');
                out.write('\n');
            }
            out.write(tail);
        }
    }

    /** Writes one part's bytes. */
    @FunctionalInterface
    public interface PartWriter {
        void write(int part, java.io.OutputStream out) throws java.io.IOException;
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
