package io.stratus.swift.storage.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open SQLite connection per database file, used by one request at a time. Opening a database
 * per request parsed its schema every time and, on the last close, checkpointed the WAL: under a
 * PUT load on one container that was most of the container server's time. Serialising in process
 * also replaces SQLite's sleep-and-retry on a busy database. The least recently used connections are
 * closed beyond {@code capacity}. The statements a connection runs again and again are prepared once
 * and kept with it ({@link #prepared}): SQLite compiles a statement afresh on every prepare, which was
 * a third of a container row update's time in SQLite.
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
        /** Used only under {@link #lock}. */
        final Map<String, PreparedStatement> statements = new HashMap<>();
        boolean closed;

        Holder(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        /** Under {@link #lock}. */
        void close() throws SQLException {
            closed = true;
            try {
                for (PreparedStatement statement : statements.values()) {
                    statement.close();
                }
            } finally {
                statements.clear();
                connection.close();
            }
        }
    }

    private final int capacity;
    private final Map<Path, Holder> open = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Connection, Holder> byConnection = new ConcurrentHashMap<>();

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
     * A statement prepared once for this connection and kept with it, for work that {@link #with} or
     * {@link #writeInBatch} runs on it. The caller sets every parameter, closes the ResultSets it gets
     * and never closes the statement itself (SQLite resets a statement before each execution).
     */
    PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        Holder holder = byConnection.get(connection);
        if (holder == null || !holder.lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a kept statement is only for work running on its cached connection");
        }
        return holder.statement(sql);
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
            PreparedStatement savepoint = holder.statement("SAVEPOINT one_write");
            PreparedStatement release = holder.statement("RELEASE one_write");
            PreparedStatement rollback = holder.statement("ROLLBACK TO one_write");
            for (Queued write : batch) {
                savepoint.execute();
                try {
                    write.result = write.work.run(c);
                    release.execute();
                } catch (SQLException e) {
                    write.failure = e;
                    rollback.execute();
                    release.execute();
                } catch (RuntimeException e) {
                    write.crash = e;
                    rollback.execute();
                    release.execute();
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
                byConnection.put(holder.connection, holder);
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
            close(old);
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
            close(holder);
        }
    }

    /** Once the work running on it is done: a request that took the holder before it left the map still finishes. */
    private void close(Holder holder) throws SQLException {
        holder.lock.lock();
        try {
            byConnection.remove(holder.connection);
            holder.close();
        } finally {
            holder.lock.unlock();
        }
    }

    private static Connection connect(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setBusyTimeout(10_000); // other processes (a replicator, sqlite3 by hand) may still hold it
        config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        // else the driver follows every INSERT with a SELECT last_insert_rowid() of its own, left running until the
        // INSERT's statement is run again or closed: a kept INSERT statement then blocks VACUUM INTO (replication)
        config.setGetGeneratedKeys(false);
        // databases are only ever created whole (initialize, a replica's copy): a request racing the removal of a
        // handed-off database must fail, not leave an empty file behind in its place
        config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
        return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, config.toProperties());
    }
}
