package io.stratus.swift.net;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The proxy's footer on an object body it sends to a storage node: the MD5 of the body (the object's
 * ETag), computed once by the proxy instead of once per replica, and the CRC32C of the body, which
 * the node checks against the bytes it wrote (cheap: the CPU's crc32 instruction). The footer follows
 * the body's last byte; the request says so with {@link #HEADER}, and its Content-Length, when sized,
 * counts the footer too. A client's own ETag is still checked by each node, against the footer's MD5.
 */
public final class BodyFooter {

    /** Request header announcing the footer; its value names the footer's format. */
    public static final String HEADER = "X-Backend-Body-Footer";
    public static final String FORMAT = "md5-crc32c";
    /** 32 hex digits of MD5, then 8 of CRC32C. */
    public static final int LENGTH = 40;

    /** A decoded footer: the body's MD5 as lowercase hex, and its CRC32C. */
    public record Sums(String md5, int crc32c) {
    }

    private BodyFooter() {
    }

    public static byte[] encode(String md5Hex, int crc32c) {
        String text = md5Hex.toLowerCase() + HexFormat.of().toHexDigits(crc32c);
        if (text.length() != LENGTH) {
            throw new IllegalArgumentException("an MD5 is 32 hex digits, not " + md5Hex);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** @throws IllegalArgumentException when the bytes are not a footer */
    public static Sums decode(byte[] footer) {
        if (footer.length != LENGTH) {
            throw new IllegalArgumentException("a body footer is " + LENGTH + " bytes, not " + footer.length);
        }
        String text = new String(footer, StandardCharsets.US_ASCII);
        for (int i = 0; i < LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("a body footer is hex digits");
            }
        }
        return new Sums(text.substring(0, 32).toLowerCase(), (int) Long.parseLong(text.substring(32), 16));
    }
}
