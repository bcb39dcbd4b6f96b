package io.stratus.swift.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Statements prepared once per cached connection (ConnectionCache#prepared). */
class KeptStatementsTest {

    private static Path database(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new java.util.Properties()).close();
        return file;
    }

    /** Runs {@code statements} on the file's cached connection, one after the other. */
    private static void run(ConnectionCache cache, Path file, String... statements) throws Exception {
        cache.with(file, c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
            return null;
        });
    }

    private static long count(ConnectionCache cache, Path file) throws Exception {
        return cache.with(file, c -> {
            try (ResultSet r = cache.prepared(c, "SELECT count(*) FROM t").executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void aKeptInsertIsReusedAndLeavesNothingRunningThatBlocksACopy() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "kept-statements");
        Path file = database(dir, "t.db");
        ConnectionCache cache = new ConnectionCache(4);
        run(cache, file, "PRAGMA journal_mode=WAL", "CREATE TABLE t (x INTEGER PRIMARY KEY)");
        AtomicReference<PreparedStatement> first = new AtomicReference<>();
        for (int i = 0; i < 3; i++) {
            int value = i;
            cache.writeInBatch(file, c -> {
                PreparedStatement insert = cache.prepared(c, "INSERT INTO t VALUES (?)");
                first.compareAndSet(null, insert);
                assertSame(first.get(), insert, "prepared once, then kept");
                insert.setInt(1, value);
                return insert.executeUpdate();
            });
        }
        assertEquals(3, count(cache, file));
        // the replicator's whole-database copy: SQLite refuses it while any statement of the connection is still running
        Path copy = dir.resolve("copy.db");
        cache.with(file, c -> {
            try (PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, copy.toString());
                vacuum.execute();
            }
            return null;
        });
        assertTrue(Files.size(copy) > 0);
    }

    @Test
    void anEvictedConnectionTakesItsStatementsWithItAndALaterUsePreparesAfresh() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "kept-statements");
        Path one = database(dir, "one.db");
        Path two = database(dir, "two.db");
        ConnectionCache cache = new ConnectionCache(1);
        for (Path file : new Path[] {one, two}) {
            run(cache, file, "CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)");
        }
        AtomicReference<PreparedStatement> before = new AtomicReference<>();
        cache.with(one, c -> before.getAndSet(cache.prepared(c, "SELECT count(*) FROM t")));
        assertEquals(1, count(cache, two)); // capacity 1: this closes one.db's connection and its statements
        assertTrue(before.get().isClosed());
        assertEquals(1, count(cache, one));
        cache.with(one, c -> {
            assertNotSame(before.get(), cache.prepared(c, "SELECT count(*) FROM t"));
            return null;
        });
    }

    @Test
    void onlyWorkRunningOnACachedConnectionGetsKeptStatements() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "kept-statements");
        Path file = database(dir, "t.db");
        ConnectionCache cache = new ConnectionCache(4);
        Connection outside = cache.with(file, c -> c);
        assertThrows(IllegalStateException.class, () -> cache.prepared(outside, "SELECT 1"));
        try (Connection other = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new java.util.Properties())) {
            assertThrows(IllegalStateException.class, () -> cache.prepared(other, "SELECT 1"));
        }
    }
}
