package io.stratus.swift.storage.obj.diskfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.swift.net.Timestamp;
import io.stratus.swift.ring.PathHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashing a partition removes the empty folders it finds, while writes make folders for new objects in
 * it: a write must never lose that race (a replication pass hashes while clients and peers write).
 */
class WritesWhileHashingTest {

    private static final int PARTITION = 0;
    private static final int OBJECTS = 3000;

    @TempDir
    Path devices;

    @Test
    void newObjectsAndTombstonesLandWhileTheirPartitionIsHashed() throws Exception {
        Files.createDirectories(devices.resolve("sda"));
        SuffixHashes suffixHashes = new SuffixHashes(Duration.ofDays(7).toMillis());
        DiskFileManager manager = new DiskFileManager(devices, false, new PathHasher("prefix", "suffix"), 1 << 20, suffixHashes, 0);
        Path partitionDir = DiskFileManager.partitionDir(devices.resolve("sda"), PARTITION);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> hashingFailures = new CopyOnWriteArrayList<>();
        AtomicLong passes = new AtomicLong();
        Thread hasher = new Thread(() -> {
            while (writing.get()) {
                try {
                    suffixHashes.hashes(partitionDir, List.of());
                    passes.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    hashingFailures.add(e); // a file removed under the listing is tolerated below, nothing else
                }
            }
        });
        hasher.start();
        long base = Timestamp.now().hundredMicros();
        try {
            for (int i = 0; i < OBJECTS; i++) {
                Timestamp timestamp = new Timestamp(base + i);
                DiskFile file = manager.get("sda", PARTITION, "AUTH_a", "c", "o" + i);
                if (i % 3 == 0) {
                    file.delete(timestamp);
                } else if (i % 3 == 1) {
                    try (DiskFile.Writer writer = file.writer(timestamp)) {
                        writer.write(ByteBuffer.wrap(body(i)));
                        writer.commit(body(i).length, null, Map.of("Content-Type", "application/x-test", "name", "/AUTH_a/c/o" + i));
                    }
                } else {
                    byte[] bytes = body(i);
                    Map<String, String> metadata = Map.of("X-Timestamp", timestamp.internal(), "Content-Length",
                            Integer.toString(bytes.length), "ETag", md5(bytes), "name", "/AUTH_a/c/o" + i);
                    assertTrue(file.receive(timestamp.internal() + ".data", metadata, new java.io.ByteArrayInputStream(bytes)));
                }
            }
        } finally {
            writing.set(false);
            hasher.join();
        }
        assertTrue(passes.get() > 0);
        for (Throwable failure : hashingFailures) {
            assertTrue(failure instanceof java.nio.file.NoSuchFileException, failure.toString());
        }
        for (int i = 0; i < OBJECTS; i++) {
            DiskFile file = manager.get("sda", PARTITION, "AUTH_a", "c", "o" + i);
            if (i % 3 == 0) {
                assertThrows(DiskFileException.Deleted.class, file::read, "o" + i);
            } else {
                assertArrayEquals(body(i), Files.readAllBytes(file.read().data()), "o" + i);
            }
        }
        assertEquals(OBJECTS, manager.suffixHashes().files(partitionDir, suffixesOf(partitionDir)).size());
    }

    private static List<String> suffixesOf(Path partitionDir) {
        return List.of(partitionDir.toFile().list()).stream().filter(SuffixHashes::isSuffix).toList();
    }

    private static byte[] body(int i) {
        return ("object " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String md5(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    }
}
