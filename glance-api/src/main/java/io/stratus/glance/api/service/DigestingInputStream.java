package io.stratus.glance.api.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Image bytes on their way to a store: Glance's os_hash_value (SHA-512), and its checksum (MD5) unless
 * the store computes that itself, digested as they pass (on a thread of their own), the count, a limit
 * (quota or cap), and the first bytes kept for the format header.
 */
final class DigestingInputStream extends FilterInputStream {

    /** More bytes than allowed went past. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("image larger than the " + limit + " bytes allowed");
        }
    }

    private static final int HEAD = 512;

    /** The body ended before the length its sender declared: the client went away. */
    static final class CutShort extends IOException {
        CutShort(long count, long expected) {
            super("the image data ended after " + count + " of " + expected + " bytes");
        }
    }

    private final long limit;
    private final long expected;
    private final BackgroundDigests digests;
    private final byte[] head = new byte[HEAD];
    private long count;
    private String[] digested;

    /**
     * @param expected the length the sender declared (-1: unknown); a body ending sooner fails instead of ending
     * @param md5 whether to compute the MD5 checksum (SHA-512 is always computed)
     */
    DigestingInputStream(InputStream in, long limit, long expected, boolean md5) {
        this(in, limit, expected, new BackgroundDigests(md5));
    }

    private DigestingInputStream(InputStream in, long limit, long expected, BackgroundDigests digests) {
        super(in);
        this.limit = limit;
        this.expected = expected;
        this.digests = digests;
    }

    /** Counts and limits the bytes, keeps the header, digests nothing. */
    static DigestingInputStream counting(InputStream in, long limit, long expected) {
        return new DigestingInputStream(in, limit, expected, (BackgroundDigests) null);
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
            if (digests != null) {
                digests.update(buffer, offset, read);
            }
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

    /** The MD5 of all bytes read, in hex; null when it was not asked for. Call once the stream has ended. */
    String checksum() {
        return finished()[0];
    }

    /** The SHA-512 of all bytes read, in hex. Call once the stream has ended. */
    String sha512() {
        return finished()[1];
    }

    /** The bytes will not be kept: their digests are not needed. */
    void abandon() {
        if (digests != null && digested == null) {
            digests.abandon();
        }
    }

    private String[] finished() {
        if (digested == null) {
            digested = digests.finish();
        }
        return digested;
    }

    /** The disk's size a qcow2 header declares (bytes 24–31, big-endian, after the magic QFI\xfb); null otherwise. */
    Long qcow2VirtualSize() {
        if (count < 32 || head[0] != 'Q' || head[1] != 'F' || head[2] != 'I' || head[3] != (byte) 0xfb) {
            return null;
        }
        return ByteBuffer.wrap(head, 24, 8).getLong();
    }
}
