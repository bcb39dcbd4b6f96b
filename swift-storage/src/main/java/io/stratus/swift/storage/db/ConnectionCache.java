package io.stratus.swift.storage.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open SQLite connection per database file, used by one request at a time. Opening a database
 * per request parsed its schema every time and, on the last close, checkpointed the WAL: under a
 * PUT load on one container that was most of the container server's time. Serialising in process
 * also replaces SQLite's sleep-and-retry on a busy database. The least recently used connections are
 * closed beyond {@code capacity}.
 */
final class ConnectionCache {

    /** Work on an open connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        final Connection connection;
        boolean closed;

        Holder(Connection connection) {
            this.connection = connection;
        }
    }

    private final int capacity;
    private final Map<Path, Holder> open = new LinkedHashMap<>(64, 0.75f, true);

    ConnectionCache(int capacity) {
        this.capacity = capacity;
    }

    <T> T with(Path file, Work<T> work) throws SQLException {
        while (true) {
            Holder holder = holderOf(file);
            holder.lock.lock();
            try {
                if (holder.closed) {
                    continue; // evicted between lookup and lock: take a fresh one
                }
                return work.run(holder.connection);
            } finally {
                holder.lock.unlock();
            }
        }
    }

    private Holder holderOf(Path file) throws SQLException {
        List<Holder> evicted = new ArrayList<>();
        Holder holder;
        synchronized (open) {
            holder = open.get(file);
            if (holder == null) {
                holder = new Holder(connect(file));
                open.put(file, holder);
                Iterator<Map.Entry<Path, Holder>> eldest = open.entrySet().iterator();
                while (open.size() > capacity && eldest.hasNext()) {
                    Map.Entry<Path, Holder> entry = eldest.next();
                    if (entry.getValue() != holder) {
                        evicted.add(entry.getValue());
                        eldest.remove();
                    }
                }
            }
        }
        for (Holder old : evicted) {
            old.lock.lock();
            try {
                old.closed = true;
                old.connection.close();
            } finally {
                old.lock.unlock();
            }
        }
        return holder;
    }

    /** Forgets a file's connection (its database is about to be replaced or removed). */
    void close(Path file) throws SQLException {
        Holder holder;
        synchronized (open) {
            holder = open.remove(file);
        }
        if (holder != null) {
            holder.lock.lock();
            try {
                holder.closed = true;
                holder.connection.close();
            } finally {
                holder.lock.unlock();
            }
        }
    }

    private static Connection connect(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setBusyTimeout(10_000); // other processes (a replicator, sqlite3 by hand) may still hold it
        config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }
}
