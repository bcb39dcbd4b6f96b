package io.stratus.swift.digest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** BodyDigest answers the JDK's MD5 and SHA-512 and hands back exactly the bytes it was given, however they are cut. */
class BodyDigestTest {

    @Test
    void usesOpenSslWhereLibcryptoIsInstalled() {
        boolean libcrypto = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib").stream()
                .anyMatch(dir -> Files.exists(Path.of(dir, "libcrypto.so.3")));
        assertEquals(libcrypto, BodyDigest.isNative());
    }

    @Test
    void md5AndBytesMatchForAnyChunkingHeapOrDirect() throws Exception {
        digestAndBytesMatchForAnyChunking(BodyDigest::md5, "MD5");
    }

    @Test
    void sha512AndBytesMatchForAnyChunkingHeapOrDirect() throws Exception {
        digestAndBytesMatchForAnyChunking(BodyDigest::sha512, "SHA-512");
    }

    @Test
    void updateTakesArraysLargerThanOnePiece() throws Exception {
        byte[] body = new byte[3 * BodyDigest.MAX_PIECE + 999];
        new Random(7).nextBytes(body);
        BodyDigest md5 = BodyDigest.md5();
        BodyDigest sha512 = BodyDigest.sha512();
        md5.update(body, 0, 1);
        md5.update(body, 1, body.length - 1);
        sha512.update(body, 0, body.length);
        assertEquals(jdk("MD5", body), md5.hex());
        assertEquals(jdk("SHA-512", body), sha512.hex());
        assertEquals("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
                BodyDigest.sha512().hex(), "an empty body");
    }

    private static void digestAndBytesMatchForAnyChunking(Supplier<BodyDigest> algorithm, String jdkName)
            throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            byte[] body = new byte[random.nextInt(300_000)];
            random.nextBytes(body);
            BodyDigest digest = algorithm.get();
            ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int length = Math.min(body.length - at, random.nextInt(150_000));
                ByteBuffer chunk = chunkOf(body, at, length, random.nextBoolean());
                while (chunk.hasRemaining()) {
                    ByteBuffer piece = digest.digest(chunk);
                    byte[] copy = new byte[piece.remaining()];
                    piece.get(copy);
                    passedOn.write(copy);
                }
                at += length;
            }
            assertArrayEquals(body, passedOn.toByteArray());
            assertEquals(jdk(jdkName, body), digest.hex(), jdkName + ", round " + round + ", " + body.length + " bytes");
        }
    }

    @Test
    void interleavedBodiesOnOneThreadKeepTheirOwnState() throws Exception {
        byte[] first = new byte[200_000];
        byte[] second = new byte[130_001];
        new Random(1).nextBytes(first);
        new Random(2).nextBytes(second);
        BodyDigest a = BodyDigest.md5();
        BodyDigest b = BodyDigest.sha512(); // of another kind, with a larger context, on the same thread's native memory
        for (int at = 0; at < first.length || at < second.length; at += 10_000) {
            if (at < first.length) {
                a.digest(ByteBuffer.wrap(first, at, Math.min(10_000, first.length - at)));
            }
            if (at < second.length) {
                b.digest(ByteBuffer.wrap(second, at, Math.min(10_000, second.length - at)));
            }
        }
        assertEquals(jdk("MD5", first), a.hex());
        assertEquals(jdk("SHA-512", second), b.hex());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", BodyDigest.md5().hex(), "an empty body");
    }

    @Test
    void aBodyMayMoveBetweenThreads() throws Exception {
        byte[] body = new byte[500_000];
        new Random(3).nextBytes(body);
        BodyDigest digest = BodyDigest.md5();
        var pool = Executors.newFixedThreadPool(3);
        try {
            for (int at = 0; at < body.length; at += 50_000) {
                int start = at;
                Future<?> done = pool.submit(() -> digest.digest(ByteBuffer.wrap(body, start, 50_000)));
                done.get();
            }
            assertEquals(jdk("MD5", body), pool.submit(digest::hex).get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ByteBuffer chunkOf(byte[] body, int at, int length, boolean direct) {
        if (!direct) {
            // an array with bytes around the chunk, as a slice of a larger network buffer
            byte[] padded = new byte[length + 20];
            System.arraycopy(body, at, padded, 7, length);
            return ByteBuffer.wrap(padded, 7, length);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(length + 20);
        buffer.position(5);
        buffer.put(body, at, length);
        return buffer.position(5).limit(5 + length).slice();
    }

    private static String jdk(String algorithm, byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
    }
}
