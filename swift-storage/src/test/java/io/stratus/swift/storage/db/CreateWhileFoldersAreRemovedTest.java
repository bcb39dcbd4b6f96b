package io.stratus.swift.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The replicator removes the empty hash and suffix folders a handed-off database leaves behind
 * (DatabaseReplicator#removeHandedOff). A database of the same name made at that moment, by a PUT or a
 * peer's copy, must still be made: its folders may vanish between their making and the file's arrival.
 */
class CreateWhileFoldersAreRemovedTest {

    @Test
    void everyDatabaseIsMadeWhileEmptyFoldersKeepBeingRemoved() throws Exception {
        Path device = Files.createTempDirectory(Path.of("target"), "db-folders");
        AtomicReference<Path> next = new AtomicReference<>();
        AtomicInteger removalsLeft = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread remover = new Thread(() -> {
            while (!done.get()) {
                Path file = next.get();
                // what removeHandedOff does after deleting a database: only an empty folder goes. It does so once
                // per database it hands off; twice per database here, at the worst moments found by spinning.
                if (file != null && removalsLeft.get() > 0
                        && (file.getParent().toFile().delete() || file.getParent().getParent().toFile().delete())) {
                    removalsLeft.decrementAndGet();
                    removed.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        });
        remover.start();
        List<Path> made = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                byte[] bytes = new byte[16];
                ThreadLocalRandom.current().nextBytes(bytes);
                String hash = HexFormat.of().formatHex(bytes);
                Path file = device.resolve("containers").resolve("7").resolve(hash.substring(29)).resolve(hash).resolve(hash + ".db");
                removalsLeft.set(2);
                next.set(file);
                DatabaseBroker broker = DatabaseReplication.broker("containers", file);
                assertTrue(broker.initialize("AUTH_test", "c" + i, "1700000000.00000"), file + " was not made");
                made.add(file);
            }
        } finally {
            done.set(true);
            remover.join();
        }
        assertTrue(removed.get() > 0, "no folder was ever removed under a database being made: the test proves nothing");
        for (Path file : made) {
            DatabaseBroker.Info info = DatabaseReplication.broker("containers", file).info();
            assertEquals(0, info.objectCount(), file.toString());
            assertEquals("1700000000.00000", info.putTimestamp(), file.toString());
        }
        try (var leftovers = Files.list(device.resolve("tmp"))) {
            assertEquals(List.of(), leftovers.toList(), "temp databases left behind");
        }
    }
}
