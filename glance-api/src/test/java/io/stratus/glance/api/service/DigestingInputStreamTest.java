package io.stratus.glance.api.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checksums computed on the way, bodies cut short or too large refused, the qcow2 header read, Range headers parsed. */
class DigestingInputStreamTest {

    @Test
    void digestsAndCountsWhatPassed() throws Exception {
        byte[] body = new byte[300_001];
        new Random(9).nextBytes(body);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(body), Long.MAX_VALUE, body.length, true);
        assertArrayEquals(body, in.readAllBytes());
        assertEquals(body.length, in.count());
        assertEquals(hex("MD5", body), in.checksum());
        assertEquals(hex("SHA-512", body), in.sha512());
        assertNull(in.qcow2VirtualSize());
    }

    @Test
    void digestsBodiesOfManyPiecesReadInOddSizes() throws Exception {
        byte[] body = new byte[3 * BackgroundDigests.PIECE + 12_345];
        new Random(3).nextBytes(body);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(body), Long.MAX_VALUE, body.length, true);
        byte[] buffer = new byte[70_001];
        int total = 0;
        for (int read; (read = in.read(buffer, 0, buffer.length)) >= 0; ) {
            total += read;
        }
        assertEquals(body.length, total);
        assertEquals(hex("MD5", body), in.checksum());
        assertEquals(hex("SHA-512", body), in.sha512());
        assertEquals(hex("SHA-512", body), in.sha512(), "asked again, the same answer");
    }

    @Test
    void bothDigestsSeeEveryPieceBeforeItsBufferIsReused() throws Exception {
        byte[] body = new byte[40 * BackgroundDigests.PIECE + 77]; // ten times the buffers there are
        new Random(4).nextBytes(body);
        BackgroundDigests digests = new BackgroundDigests(true);
        for (int offset = 0; offset < body.length; offset += 100_003) {
            digests.update(body, offset, Math.min(100_003, body.length - offset));
        }
        assertArrayEquals(new String[] {hex("MD5", body), hex("SHA-512", body)}, digests.finish());
    }

    @Test
    void withoutMd5OnlyTheSha512IsComputed() throws Exception {
        byte[] body = new byte[100_000];
        new Random(4).nextBytes(body);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(body), Long.MAX_VALUE, body.length, false);
        in.readAllBytes();
        assertNull(in.checksum());
        assertEquals(hex("SHA-512", body), in.sha512());
    }

    @Test
    void anAbandonedStreamStopsItsDigestsAndTakesNoMoreBytes() {
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[2 * BackgroundDigests.PIECE]), Long.MAX_VALUE, -1, true);
        byte[] buffer = new byte[BackgroundDigests.PIECE + 1];
        assertEquals(buffer.length, assertDoesNotThrowRead(in, buffer));
        in.abandon();
        assertThrows(IllegalStateException.class, () -> in.read(buffer, 0, buffer.length));
    }

    @Test
    void finishedDigestsAreGivenAgainAndAbandonedOnesNever() throws Exception {
        byte[] body = new byte[BackgroundDigests.PIECE + 7];
        new Random(5).nextBytes(body);
        BackgroundDigests finished = new BackgroundDigests(true);
        finished.update(body, 0, body.length);
        String[] first = finished.finish();
        finished.abandon();
        assertArrayEquals(first, finished.finish());
        assertEquals(hex("MD5", body), first[0]);

        BackgroundDigests abandoned = new BackgroundDigests(false);
        abandoned.update(body, 0, body.length);
        abandoned.abandon();
        assertThrows(IllegalStateException.class, abandoned::finish);
    }

    @Test
    void countingAloneDigestsNothing() throws Exception {
        DigestingInputStream in = DigestingInputStream.counting(new ByteArrayInputStream(new byte[5000]), 4999, -1);
        assertThrows(DigestingInputStream.TooLarge.class, in::readAllBytes);
        DigestingInputStream fits = DigestingInputStream.counting(new ByteArrayInputStream(new byte[5000]), 5000, 5000);
        assertEquals(5000, fits.readAllBytes().length);
        assertEquals(5000, fits.count());
    }

    @Test
    void aBodyShorterThanDeclaredFailsInsteadOfEnding() {
        InputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[1000]), Long.MAX_VALUE, 4096, true);
        assertThrows(DigestingInputStream.CutShort.class, in::readAllBytes);
        InputStream unknownLength = new DigestingInputStream(new ByteArrayInputStream(new byte[1000]), Long.MAX_VALUE, -1, true);
        assertEquals(1000, assertDoesNotThrowRead(unknownLength));
    }

    @Test
    void moreThanTheLimitIsRefused() {
        InputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[5000]), 4999, -1, true);
        assertThrows(DigestingInputStream.TooLarge.class, in::readAllBytes);
    }

    @Test
    void readsTheVirtualSizeOfAQcow2Header() throws Exception {
        byte[] header = new byte[1024];
        ByteBuffer.wrap(header).put(new byte[] {'Q', 'F', 'I', (byte) 0xfb}).putInt(3).position(24);
        ByteBuffer.wrap(header, 24, 8).putLong(64L << 30);
        // delivered a few bytes at a time: the header is gathered across reads
        InputStream trickle = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < header.length ? header[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= header.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 7), header.length - at);
                System.arraycopy(header, at, b, off, n);
                at += n;
                return n;
            }
        };
        DigestingInputStream in = new DigestingInputStream(trickle, Long.MAX_VALUE, header.length, true);
        in.readAllBytes();
        assertEquals(64L << 30, in.qcow2VirtualSize());
    }

    @Test
    void rangesAsGlanceServesThem() {
        assertArrayEquals(new long[] {0, 99}, ImageData.parseRange("bytes=0-99", 1000));
        assertArrayEquals(new long[] {900, 999}, ImageData.parseRange("bytes=900-", 1000));
        assertArrayEquals(new long[] {990, 999}, ImageData.parseRange("bytes=-10", 1000));
        assertArrayEquals(new long[] {500, 999}, ImageData.parseRange("bytes=500-5000", 1000));
        for (String bad : new String[] {"bytes=1000-", "bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=x-1"}) {
            assertEquals(416, assertThrows(ApiException.class, () -> ImageData.parseRange(bad, 1000)).status(), bad);
        }
    }

    private static int assertDoesNotThrowRead(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int assertDoesNotThrowRead(InputStream in) {
        try {
            return in.readAllBytes().length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(String algorithm, byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
    }
}
