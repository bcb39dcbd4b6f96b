package io.stratus.swift.storage.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    /** A write waiting for the next group commit. */
    private static final class Queued {
        final Work<?> work;
        Object result;
        SQLException failure;
        RuntimeException crash;
        volatile boolean done;

        Queued(Work<?> work) {
            this.work = work;
        }
    }

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        final Connection connection;
        final ConcurrentLinkedQueue<Queued> writes = new ConcurrentLinkedQueue<>();
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

    /**
     * Runs {@code work} in a write transaction shared with every other write queued for the same
     * database meanwhile (group commit): whoever takes the connection commits all that wait, so 64
     * concurrent object updates of one container cost a few commits, not 64. Each write runs inside
     * its own savepoint, so one that fails is rolled back alone and its caller gets the error.
     */
    @SuppressWarnings("unchecked")
    <T> T writeInBatch(Path file, Work<T> work) throws SQLException {
        Queued mine = new Queued(work);
        while (true) {
            Holder holder = holderOf(file);
            holder.writes.add(mine);
            holder.lock.lock();
            try {
                if (!mine.done) {
                    if (holder.closed) {
                        holder.writes.remove(mine);
                        continue; // evicted: its queue was drained by whoever closed it, or is ours to redo
                    }
                    commitQueued(holder);
                }
            } finally {
                holder.lock.unlock();
            }
            if (mine.crash != null) {
                throw mine.crash;
            }
            if (mine.failure != null) {
                throw mine.failure;
            }
            return (T) mine.result;
        }
    }

    private static void commitQueued(Holder holder) throws SQLException {
        List<Queued> batch = new ArrayList<>();
        for (Queued next; (next = holder.writes.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        Connection c = holder.connection;
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (Queued write : batch) {
                    s.execute("SAVEPOINT one_write");
                    try {
                        write.result = write.work.run(c);
                        s.execute("RELEASE one_write");
                    } catch (SQLException e) {
                        write.failure = e;
                        s.execute("ROLLBACK TO one_write");
                        s.execute("RELEASE one_write");
                    } catch (RuntimeException e) {
                        write.crash = e;
                        s.execute("ROLLBACK TO one_write");
                        s.execute("RELEASE one_write");
                    }
                }
            }
            c.setAutoCommit(true); // commits; commit() would open the next transaction at once
        } catch (SQLException e) {
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; its callers learn from the first error
            }
            for (Queued write : batch) {
                if (write.failure == null && write.crash == null) {
                    write.failure = e;
                }
            }
        } finally {
            for (Queued write : batch) {
                write.done = true;
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
        // databases are only ever created whole (initialize, a replica's copy): a request racing the removal of a
        // handed-off database must fail, not leave an empty file behind in its place
        config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
        return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, config.toProperties());
    }
}
