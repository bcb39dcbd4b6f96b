package io.stratus.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Thin JDBC access: parameterised queries, row mapping and a transaction bound to the thread, so
 * repositories called inside {@link #inTransaction} share one connection.
 */
public final class Db {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private static final int DEADLOCK_RETRIES = 5;

    private final DataSource dataSource;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** @throws DuplicateException when a unique key refuses the row */
    public int update(String sql, Object... args) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, args)) {
                return statement.executeUpdate();
            } catch (SQLIntegrityConstraintViolationException e) {
                if (e.getErrorCode() == 1062) {
                    throw new DuplicateException(e.getMessage());
                }
                throw e;
            }
        });
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. A
     * transaction InnoDB chose as a deadlock's victim is run again (up to {@link #DEADLOCK_RETRIES} times):
     * the work must not have effects outside the database.
     */
    public <T> T inTransaction(Work<T> work) {
        if (transaction.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new DataAccessException(e);
            }
        }
        return retryingDeadlocks(() -> runTransaction(work));
    }

    /**
     * Runs work that is a transaction of its own (one statement, or a stored procedure that commits), again
     * when InnoDB chose it as a deadlock's victim (up to {@link #DEADLOCK_RETRIES} times).
     */
    public <T> T retryingDeadlocks(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (DataAccessException e) {
                if (attempt >= DEADLOCK_RETRIES || !isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isDeadlock(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    private <T> T runTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            transaction.set(connection);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                transaction.remove();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection bound = transaction.get();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                statement.setObject(i + 1, arg);
            }
        }
        return statement;
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** A unique key (name, id) already holds that value. */
    public static class DuplicateException extends RuntimeException {
        public DuplicateException(String message) {
            super(message);
        }
    }

    /** A database failure that is not the caller's fault. */
    public static class DataAccessException extends RuntimeException {
        public DataAccessException(SQLException cause) {
            super(cause);
        }
    }
}
