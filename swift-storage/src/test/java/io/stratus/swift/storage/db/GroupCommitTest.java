package io.stratus.swift.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Writes committed together (ConnectionCache#writeInBatch) and account reports shared (Coalescer). */
class GroupCommitTest {

    @Test
    void aFailingWriteInABatchIsRolledBackAloneAndTheOthersAreCommitted() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "group-commit");
        Path file = dir.resolve("t.db");
        // made first, as DatabaseBroker.initialize does: the cache never creates a database
        org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new java.util.Properties()).close();
        ConnectionCache cache = new ConnectionCache(4);
        cache.with(file, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)");
                s.execute("INSERT INTO t VALUES (-1)");
            }
            return null;
        });
        int writers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int value = i % 10 == 0 ? -1 : i; // every tenth writer inserts a row that exists: its write fails
            results.add(pool.submit(() -> {
                start.await();
                try {
                    cache.writeInBatch(file, c -> {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                            insert.setInt(1, value);
                            insert.executeUpdate();
                        }
                        return null;
                    });
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            }));
        }
        start.countDown();
        int failed = 0;
        for (int i = 0; i < writers; i++) {
            Object outcome = results.get(i).get();
            if (i % 10 == 0) {
                assertInstanceOf(SQLException.class, outcome);
                failed++;
            } else {
                assertNull(outcome);
            }
        }
        pool.shutdown();
        assertEquals(4, failed);
        long rows = cache.with(file, c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                return r.getLong(1);
            }
        });
        assertEquals(1 + writers - failed, rows);
        cache.close(file);
    }

    @Test
    void everyCallerReturnsOnlyAfterARunThatStartedAfterItAsked() throws Exception {
        Coalescer<String> coalescer = new Coalescer<>();
        AtomicLong asked = new AtomicLong();
        AtomicLong coveredUpTo = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        int callers = 64;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                long mine = asked.incrementAndGet();
                coalescer.run("container", () -> {
                    long seen = asked.get(); // what this run reports on
                    runs.incrementAndGet();
                    Thread.sleep(5);
                    coveredUpTo.accumulateAndGet(seen, Math::max);
                });
                return coveredUpTo.get() >= mine;
            }));
        }
        start.countDown();
        for (Future<Boolean> result : results) {
            assertTrue(result.get(), "a caller returned before a run covering its request");
        }
        pool.shutdown();
        assertTrue(runs.get() < callers, "runs were not shared: " + runs.get());
        assertEquals(0, coalescer.active());
    }
}
