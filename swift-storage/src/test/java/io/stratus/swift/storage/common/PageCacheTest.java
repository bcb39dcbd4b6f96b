package io.stratus.swift.storage.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A fsynced file's pages leave the page cache when dropped (seen with util-linux's fincore); a body written behind keeps its bytes. */
class PageCacheTest {

    @Test
    void droppedPagesAreNoLongerCached() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fincore")), "fincore (util-linux) is needed to look at the page cache");
        Path file = Files.createTempFile(Path.of("target"), "pagecache", ".bin");
        try {
            byte[] data = new byte[4 * 1024 * 1024];
            new Random(7).nextBytes(data);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(data));
                out.force(true);
            }
            assertTrue(cachedBytes(file) > 0, "a file just written is in the page cache");
            assertTrue(PageCache.drop(file));
            assertEquals(0, cachedBytes(file));
            assertEquals(data.length, Files.size(file)); // only the cache is gone
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void writingBehindDropsTheWrittenPagesBelowTheMarkAndKeepsEveryByte() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fincore")), "fincore (util-linux) is needed to look at the page cache");
        Path file = Files.createTempFile(Path.of("target"), "writebehind", ".bin");
        int half = 4 * 1024 * 1024;
        try {
            byte[] data = new byte[2 * half];
            new Random(8).nextBytes(data);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(data, 0, half));
                out.force(true); // the first half is clean: the drop below may take it
                out.write(ByteBuffer.wrap(data, half, half));
                assertTrue(PageCache.writeBehind(file, half, half, half));
                assertTrue(cachedBytes(file) <= half, "the written first half left the cache");
                out.force(true);
            }
            assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(file)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long cachedBytes(Path file) throws Exception {
        Process fincore = new ProcessBuilder("/usr/bin/fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(fincore.getInputStream().readAllBytes()).trim();
        assertEquals(0, fincore.waitFor(), out);
        return Long.parseLong(out);
    }
}
