package io.stratus.nova.compute.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {

    private static final String ID = "6f1c8d2e-0b7a-4c55-9d43-2f6e1a9b3c70";

    @TempDir
    Path instances;

    private final byte[] image = new byte[3_000_000];
    private final AtomicInteger opened = new AtomicInteger();

    ImageCacheTest() {
        new Random(11).nextBytes(image);
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private InputStream serve(String imageId) {
        opened.incrementAndGet();
        return new ByteArrayInputStream(image);
    }

    @Test
    void anImageIsDownloadedOnceForInstancesStartingTogether() throws Exception {
        ImageCache cache = new ImageCache(instances, id -> {
            InputStream in = serve(id);
            return new FilterInputStream(in) { // slow enough for the fetches to overlap
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Thread.onSpinWait();
                    return super.read(b, off, Math.min(len, 4096));
                }
            };
        });
        String checksum = md5(image);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Path>> fetches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fetches.add(pool.submit(() -> cache.fetch(ID, checksum, image.length)));
        }
        for (Future<Path> fetch : fetches) {
            assertArrayEquals(image, Files.readAllBytes(fetch.get()));
        }
        pool.shutdown();
        assertEquals(1, opened.get());
        assertEquals(instances.resolve("_base").resolve(ID), fetches.get(0).get());
    }

    @Test
    void bytesThatAreNotTheImageAreNeverCached() throws Exception {
        byte[] damaged = image.clone();
        damaged[1234] ^= 1;
        ImageCache cache = new ImageCache(instances, id -> new ByteArrayInputStream(damaged));
        ImageCache.ImageCorrupt wrong = assertThrows(ImageCache.ImageCorrupt.class, () -> cache.fetch(ID, md5(image), image.length));
        assertTrue(wrong.getMessage().contains("checksum"), wrong.getMessage());
        ImageCache cut = new ImageCache(instances, id -> new ByteArrayInputStream(image, 0, 1000));
        assertThrows(ImageCache.ImageCorrupt.class, () -> cut.fetch(ID, null, image.length));
        try (Stream<Path> left = Files.list(instances.resolve("_base"))) {
            assertEquals(List.of(), left.toList()); // neither the image nor a temporary file
        }
        ImageCache good = new ImageCache(instances, this::serve);
        assertArrayEquals(image, Files.readAllBytes(good.fetch(ID, md5(image), image.length)));
    }

    @Test
    void aSourceThatFailsLeavesNothingBehind() throws Exception {
        ImageCache cache = new ImageCache(instances, id -> new FilterInputStream(new ByteArrayInputStream(image)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 3) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, len);
            }
        });
        assertThrows(IOException.class, () -> cache.fetch(ID, null, -1));
        try (Stream<Path> left = Files.list(instances.resolve("_base"))) {
            assertEquals(0, left.count());
        }
        assertThrows(IllegalArgumentException.class, () -> cache.fetch("../../etc/passwd", null, -1));
    }
}
