package io.stratus.glance.api.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Image bytes on their way to a store: Glance's checksum (MD5) and os_hash_value (SHA-512) computed
 * as they pass, the count, a limit (quota or cap), and the first bytes kept for the format header.
 */
final class DigestingInputStream extends FilterInputStream {

    /** More bytes than allowed went past. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("image larger than the " + limit + " bytes allowed");
        }
    }

    private static final int HEAD = 512;

    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha512 = digest("SHA-512");
    /** The body ended before the length its sender declared: the client went away. */
    static final class CutShort extends IOException {
        CutShort(long count, long expected) {
            super("the image data ended after " + count + " of " + expected + " bytes");
        }
    }

    private final long limit;
    private final long expected;
    private final byte[] head = new byte[HEAD];
    private long count;

    /** @param expected the length the sender declared (-1: unknown); a body ending sooner fails instead of ending */
    DigestingInputStream(InputStream in, long limit, long expected) {
        super(in);
        this.limit = limit;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read < 0 && expected >= 0 && count < expected) {
            throw new CutShort(count, expected);
        }
        if (read > 0) {
            if (count < HEAD) {
                System.arraycopy(buffer, offset, head, (int) count, (int) Math.min(read, HEAD - count));
            }
            count += read;
            if (count > limit) {
                throw new TooLarge(limit);
            }
            md5.update(buffer, offset, read);
            sha512.update(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would leave bytes out of the digests");
    }

    long count() {
        return count;
    }

    String checksum() {
        return HexFormat.of().formatHex(md5.digest());
    }

    String sha512() {
        return HexFormat.of().formatHex(sha512.digest());
    }

    /** The disk's size a qcow2 header declares (bytes 24–31, big-endian, after the magic QFI\xfb); null otherwise. */
    Long qcow2VirtualSize() {
        if (count < 32 || head[0] != 'Q' || head[1] != 'F' || head[2] != 'I' || head[3] != (byte) 0xfb) {
            return null;
        }
        return ByteBuffer.wrap(head, 24, 8).getLong();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
