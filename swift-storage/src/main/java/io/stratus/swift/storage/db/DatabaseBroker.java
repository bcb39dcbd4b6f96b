package io.stratus.swift.storage.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.TempFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SQLite database of an account or container (Swift's DatabaseBroker): created on first PUT,
 * opened per request in WAL mode with a busy timeout, since SQLite allows one writer at a time.
 * The `stat` table holds one row: timestamps, counters and metadata.
 */
public abstract class DatabaseBroker {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectReader METADATA =
            JSON.readerFor(new TypeReference<LinkedHashMap<String, MetaValue>>() { });
    protected final Path file;

    protected DatabaseBroker(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The statements creating this kind of database's tables and triggers, beyond `stat`. */
    protected abstract java.util.List<String> schema();

    /** Creates the database unless it exists. @return true when it was created now */
    public synchronized boolean initialize(String account, String container, String putTimestamp) throws IOException {
        if (exists()) {
            return false;
        }
        Path tmp = tmpFolder(file);
        DurableFiles.ensureDirectory(tmp);
        Path temp = tmp.resolve(file.getFileName() + ".pending-" + java.util.UUID.randomUUID());
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + temp, new java.util.Properties()); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.executeUpdate("CREATE TABLE stat (account TEXT, container TEXT, created_at TEXT, put_timestamp TEXT, "
                    + "delete_timestamp TEXT DEFAULT '0', object_count INTEGER DEFAULT 0, bytes_used INTEGER DEFAULT 0, "
                    + "container_count INTEGER DEFAULT 0, metadata TEXT DEFAULT '{}')");
            for (String statement : schema()) {
                s.executeUpdate(statement);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO stat (account, container, created_at, put_timestamp) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, account);
                insert.setString(2, container);
                insert.setString(3, putTimestamp);
                insert.setString(4, putTimestamp);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            return placeIfAbsent(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Puts a finished database file in place unless one is there already: a hard link fails where a
     * rename would silently replace a database created (or copied from a peer) a moment before. The
     * database's folders are made here, just before the link, and made again if they vanish first: the
     * replicator removes the empty folders a handed-off database leaves, and a database of the same name
     * may be arriving at that moment. The new folders' entries are fsynced once the file is in them.
     * @return false when a database was there; the temp file is left to the caller
     */
    public static boolean placeIfAbsent(Path temp, Path file) throws IOException {
        try {
            DurableFiles.placeInFolder(file.getParent(), true, temp, () -> Files.createLink(file, temp));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * The device's temp folder, for a database built before it is placed: unlike the database's own
     * folder, nothing removes it. Databases live at {@code <device>/<kind>/<partition>/<suffix>/<hash>/<hash>.db}.
     */
    public static Path tmpFolder(Path file) {
        return TempFolder.of(file.getParent().getParent().getParent().getParent().getParent());
    }

    /** Work inside one write transaction. */
    @FunctionalInterface
    protected interface Write<T> {
        T run(Connection c) throws SQLException;
    }

    private static final ConnectionCache CONNECTIONS = new ConnectionCache(256);

    /** Runs {@code work} on the database's connection, alone. */
    protected <T> T read(Write<T> work) throws SQLException {
        return CONNECTIONS.with(file, work::run);
    }

    /**
     * Runs {@code work} in one transaction on the database's connection. It ends with
     * setAutoCommit(true), not commit(): the driver opens the next transaction at once after commit().
     */
    protected <T> T write(Write<T> work) throws SQLException {
        return CONNECTIONS.with(file, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                c.setAutoCommit(true);
                throw e;
            }
        });
    }

    /**
     * Like {@link #write} but committed together with the other writes to this database queued
     * meanwhile (see ConnectionCache#writeInBatch); {@code work} must not commit or roll back itself.
     */
    protected <T> T writeBatched(Write<T> work) throws SQLException {
        return CONNECTIONS.writeInBatch(file, work::run);
    }

    /**
     * The statement for {@code sql}, prepared once per connection and kept (see ConnectionCache#prepared):
     * for work inside {@link #read}, {@link #write} or {@link #writeBatched}; close its ResultSets, never the statement.
     */
    protected static PreparedStatement prepared(Connection c, String sql) throws SQLException {
        return CONNECTIONS.prepared(c, sql);
    }

    /** The single stat row. */
    public record Info(String account, String container, String createdAt, String putTimestamp, String deleteTimestamp,
                       long objectCount, long bytesUsed, long containerCount, Map<String, String> metadata) {

        /** Deleted when its delete timestamp is newer than its put timestamp. */
        public boolean isDeleted() {
            return deleteTimestamp.compareTo(putTimestamp) > 0;
        }
    }

    public Info info() throws SQLException {
        return read(c -> {
            // columns by position: by name, the driver asks SQLite for every column's name on each new result
            try (ResultSet r = prepared(c, "SELECT account, container, created_at, put_timestamp, delete_timestamp, object_count, "
                    + "bytes_used, container_count, metadata FROM stat").executeQuery()) {
                r.next();
                return new Info(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getLong(6),
                        r.getLong(7), r.getLong(8), liveValues(readMetadata(r.getString(9))));
            }
        });
    }

    /**
     * Sets the put timestamp (a re-PUT, undeleting) if newer, and merges metadata set at that time;
     * empty values remove keys.
     */
    public void put(String putTimestamp, Map<String, String> metadata) throws SQLException {
        write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE stat SET put_timestamp = ? WHERE put_timestamp < ?")) {
                update.setString(1, putTimestamp);
                update.setString(2, putTimestamp);
                update.executeUpdate();
            }
            mergeMetadata(c, stamped(metadata, putTimestamp));
            return null;
        });
    }

    /** Sets metadata keys as of {@code timestamp}: a key already set later keeps its value; empty values remove keys. */
    public void updateMetadata(Map<String, String> metadata, String timestamp) throws SQLException {
        if (metadata.isEmpty()) {
            return;
        }
        write(c -> {
            mergeMetadata(c, stamped(metadata, timestamp));
            return null;
        });
    }

    /** Marks the database deleted; user metadata set before the delete goes with it, the backend's own (x-backend-*) stays. */
    public void markDeleted(String deleteTimestamp) throws SQLException {
        write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE stat SET delete_timestamp = ? WHERE delete_timestamp < ?")) {
                update.setString(1, deleteTimestamp);
                update.setString(2, deleteTimestamp);
                update.executeUpdate();
            }
            mergeMetadata(c, Map.of());
            return null;
        });
    }

    /**
     * One metadata value with the time it was set, stored as Swift does ({@code [value, timestamp]}),
     * so that replicas converge on the newest value of every key; a removed key keeps an empty value.
     * A plain string (databases written before values had times) reads as set at time zero.
     */
    public record MetaValue(String value, String timestamp) {

        private static final String TIME_ZERO = "0000000000.00000";

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public static MetaValue of(com.fasterxml.jackson.databind.JsonNode node) {
            if (node.isArray() && node.size() == 2) {
                return new MetaValue(node.get(0).asText(), node.get(1).asText());
            }
            return new MetaValue(node.asText(), TIME_ZERO);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public List<String> asJson() {
            return List.of(value, timestamp);
        }

        boolean isNewerThan(MetaValue other) {
            return other == null || Timestamp.parse(timestamp).isAfter(Timestamp.parse(other.timestamp));
        }
    }

    private static Map<String, MetaValue> stamped(Map<String, String> metadata, String timestamp) {
        Map<String, MetaValue> stamped = new LinkedHashMap<>();
        metadata.forEach((name, value) -> stamped.put(name, new MetaValue(value == null ? "" : value, timestamp)));
        return stamped;
    }

    private static Map<String, MetaValue> storedMetadata(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT metadata FROM stat")) {
            r.next();
            return readMetadata(r.getString(1));
        }
    }

    /**
     * Takes each key whose value is newer than the stored one; user keys set before the database's
     * delete timestamp are removed (whichever replica they come from), so a delete clears them on
     * every replica.
     */
    private void mergeMetadata(Connection c, Map<String, MetaValue> metadata) throws SQLException {
        Map<String, MetaValue> current;
        Timestamp deleted;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT metadata, delete_timestamp FROM stat")) {
            r.next();
            current = readMetadata(r.getString(1));
            deleted = Timestamp.parse(r.getString(2));
        }
        boolean changed = false;
        for (Map.Entry<String, MetaValue> entry : metadata.entrySet()) {
            boolean wipedByDelete = !isBackend(entry.getKey()) && deleted.isAfter(Timestamp.parse(entry.getValue().timestamp()));
            if (!wipedByDelete && entry.getValue().isNewerThan(current.get(entry.getKey()))) {
                current.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        for (Map.Entry<String, MetaValue> entry : current.entrySet()) {
            MetaValue value = entry.getValue();
            if (!isBackend(entry.getKey()) && !value.value().isEmpty() && deleted.isAfter(Timestamp.parse(value.timestamp()))) {
                entry.setValue(new MetaValue("", deleted.internal()));
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE stat SET metadata = ?")) {
            update.setString(1, JSON.writeValueAsString(current));
            update.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    /** The backend's own keys (where a container reports to): set per replica, never taken from a peer nor cleared by a delete. */
    private static boolean isBackend(String key) {
        return key.startsWith("x-backend-");
    }

    /** Maps a result row. */
    @FunctionalInterface
    protected interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** One page of live rows of {@code table} for {@link io.stratus.swift.storage.db.Listing}. */
    protected <T> java.util.List<T> fetchLive(String table, String columns, RowMapper<T> mapper, String cursor, boolean inclusive,
                                              String endMarker, String prefix, int limit, boolean reverse) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM " + table + " WHERE deleted = 0");
        java.util.List<String> args = new java.util.ArrayList<>();
        if (cursor != null && !cursor.isEmpty()) {
            sql.append(reverse ? " AND name < ?" : inclusive ? " AND name >= ?" : " AND name > ?");
            args.add(cursor);
        }
        if (endMarker != null && !endMarker.isEmpty()) {
            sql.append(reverse ? " AND name > ?" : " AND name < ?");
            args.add(endMarker);
        }
        if (!prefix.isEmpty()) {
            sql.append(" AND substr(name, 1, ?) = ?");
        }
        sql.append(" ORDER BY name").append(reverse ? " DESC" : "").append(" LIMIT ?");
        return read(c -> fetchRows(c, sql.toString(), args, mapper, prefix, limit));
    }

    private static <T> java.util.List<T> fetchRows(Connection c, String sql, java.util.List<String> args, RowMapper<T> mapper,
                                                   String prefix, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (String arg : args) {
                s.setString(i++, arg);
            }
            if (!prefix.isEmpty()) {
                s.setInt(i++, prefix.length());
                s.setString(i++, prefix);
            }
            s.setInt(i, limit);
            java.util.List<T> rows = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(mapper.map(r));
                }
            }
            return rows;
        }
    }

    // ---- replication: rows since the last sync point with each peer, or the whole database when a peer has none

    /** The table whose rows replicate: `object` for a container, `container` for an account. */
    protected abstract String rowTable();

    /** The columns of {@link #rowTable()} a peer needs, in the order {@link #mergeRows} takes them. */
    protected abstract List<String> rowColumns();

    /**
     * The ROWID for a row written now: above every ROWID given so far, so that "rows since the last
     * sync point" always includes it (SQLite itself would hand out a deleted newest row's ROWID again).
     */
    protected long nextRowid(Connection c) throws SQLException {
        try (ResultSet r = prepared(c, "SELECT ifnull(max(ROWID), 0) + 1 FROM " + rowTable()).executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Takes a peer's rows; each one only replaces an older row of the same name. */
    public abstract void mergeRows(List<Map<String, Object>> rows) throws SQLException;

    /** What a peer learns of this replica before rows are sent: its id, its newest row, and the stat row. */
    public record ReplicaState(String id, long maxRow, String createdAt, String putTimestamp, String deleteTimestamp,
                               Map<String, MetaValue> metadata) {
    }

    public ReplicaState replicaState() throws SQLException {
        ensureReplicationTables();
        return read(c -> {
            try (Statement s = c.createStatement()) {
                String id;
                try (ResultSet r = s.executeQuery("SELECT id FROM replica_id")) {
                    r.next();
                    id = r.getString(1);
                }
                long maxRow;
                try (ResultSet r = s.executeQuery("SELECT ifnull(max(ROWID), 0) FROM " + rowTable())) {
                    r.next();
                    maxRow = r.getLong(1);
                }
                try (ResultSet r = s.executeQuery("SELECT created_at, put_timestamp, delete_timestamp, metadata FROM stat")) {
                    r.next();
                    return new ReplicaState(id, maxRow, r.getString(1), r.getString(2), r.getString(3), readMetadata(r.getString(4)));
                }
            }
        });
    }

    /** Creates the replication tables in a database made before they existed (or copied from a peer without them). */
    private void ensureReplicationTables() throws SQLException {
        write(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS replica_id (id TEXT)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS sync_point (remote_id TEXT PRIMARY KEY, point INTEGER)");
                boolean none;
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM replica_id")) {
                    r.next();
                    none = r.getLong(1) == 0;
                }
                if (none) {
                    s.executeUpdate("INSERT INTO replica_id VALUES ('" + java.util.UUID.randomUUID() + "')");
                }
            }
            return null;
        });
    }

    /** The newest row of the peer database {@code remoteId} this replica has taken. */
    public long syncPoint(String remoteId) throws SQLException {
        ensureReplicationTables();
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT point FROM sync_point WHERE remote_id = ?")) {
                s.setString(1, remoteId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /** Takes a peer's rows and remembers how far they went. */
    public void mergeFrom(String remoteId, long point, List<Map<String, Object>> rows) throws SQLException {
        mergeRows(rows);
        write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO sync_point (remote_id, point) VALUES (?, ?) ON CONFLICT(remote_id) DO UPDATE SET point = max(point, excluded.point)")) {
                s.setString(1, remoteId);
                s.setLong(2, point);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Up to {@code limit} rows after {@code rowid}, oldest change first, each with its ROWID. */
    public List<Map<String, Object>> rowsSince(long rowid, int limit) throws SQLException {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ROWID, " + String.join(", ", rowColumns()) + " FROM " + rowTable()
                    + " WHERE ROWID > ? ORDER BY ROWID LIMIT ?")) {
                s.setLong(1, rowid);
                s.setInt(2, limit);
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("ROWID", r.getLong(1));
                        for (int i = 0; i < rowColumns().size(); i++) {
                            row.put(rowColumns().get(i), r.getObject(i + 2));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    /** Takes a peer's put and delete timestamps when newer, and each user metadata value the peer set later. */
    public void mergeStat(ReplicaState remote) throws SQLException {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE stat SET put_timestamp = max(put_timestamp, ?), "
                    + "delete_timestamp = max(delete_timestamp, ?)")) {
                s.setString(1, remote.putTimestamp());
                s.setString(2, remote.deleteTimestamp());
                s.executeUpdate();
            }
            Map<String, MetaValue> users = new LinkedHashMap<>();
            if (remote.metadata() != null) {
                remote.metadata().forEach((key, value) -> {
                    if (!isBackend(key)) {
                        users.put(key, value);
                    }
                });
            }
            mergeMetadata(c, users);
            return null;
        });
    }

    /** A consistent copy of the whole database, for a peer that has none. */
    public void snapshotTo(Path copy) throws SQLException {
        read(c -> {
            try (PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
                s.setString(1, copy.toString());
                s.execute();
            }
            return null;
        });
    }

    /**
     * Makes a peer's copy this replica's own before it is put in place: a new id, no sync points but
     * the one saying that the copy holds the peer's rows up to {@code point}.
     */
    public static void adoptCopy(Path copy, String fromId, long point) throws SQLException {
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + copy, new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS replica_id (id TEXT)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS sync_point (remote_id TEXT PRIMARY KEY, point INTEGER)");
            s.executeUpdate("DELETE FROM replica_id");
            s.executeUpdate("INSERT INTO replica_id VALUES ('" + java.util.UUID.randomUUID() + "')");
            s.executeUpdate("DELETE FROM sync_point");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO sync_point VALUES (?, ?)")) {
                insert.setString(1, fromId);
                insert.setLong(2, point);
                insert.executeUpdate();
            }
        }
    }

    /** The newest ROWID, read with a connection of its own (for a file no request uses, set aside). */
    public long maxRowDirect() throws SQLException {
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new java.util.Properties());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT ifnull(max(ROWID), 0) FROM " + rowTable())) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Closes this database's cached connection (before its file is removed or replaced). */
    public void closeConnection() throws SQLException {
        CONNECTIONS.close(file);
    }

    private static Map<String, MetaValue> readMetadata(String json) {
        try {
            return METADATA.readValue(json);
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    private static Map<String, String> liveValues(Map<String, MetaValue> metadata) {
        Map<String, String> live = new LinkedHashMap<>();
        metadata.forEach((name, value) -> {
            if (!value.value().isEmpty()) {
                live.put(name, value.value());
            }
        });
        return live;
    }
}
