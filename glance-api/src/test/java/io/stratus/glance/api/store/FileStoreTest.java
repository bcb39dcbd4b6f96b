package io.stratus.glance.api.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files appear whole or not at all, ranges read the right bytes, and nothing outside the folder is touched. */
class FileStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesReadsRangesAndDeletes() throws Exception {
        byte[] body = new byte[200_000];
        new Random(4).nextBytes(body);
        FileStore store = new FileStore(dir);
        String location = store.add("img-1", new ByteArrayInputStream(body), body.length).location();
        assertTrue(store.owns(location));
        try (InputStream in = store.open(location, 0, -1)) {
            assertArrayEquals(body, in.readAllBytes());
        }
        try (InputStream in = store.open(location, 1000, 500)) {
            assertArrayEquals(Arrays.copyOfRange(body, 1000, 1500), in.readAllBytes());
        }
        store.delete(location);
        store.delete(location);
        assertFalse(Files.exists(dir.resolve("img-1")));
    }

    @Test
    void aFailedWriteLeavesNothing() throws Exception {
        FileStore store = new FileStore(dir);
        InputStream failing = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };
        assertThrows(IOException.class, () -> store.add("img-2", failing, 200_000));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial file left");
        }
    }

    @Test
    void refusesLocationsOutsideItsFolder() {
        FileStore store = new FileStore(dir);
        assertThrows(IOException.class, () -> store.delete("file:///etc/passwd"));
    }
}
