package io.stratus.swift.storage.account;

import io.stratus.swift.storage.db.DatabaseBroker;
import io.stratus.swift.storage.db.Listing;
import io.stratus.swift.storage.db.ListingQuery;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** An account's SQLite database: one row per container with its counters, totals kept by triggers. */
public final class AccountBroker extends DatabaseBroker {

    /** A container row as account listings show it. */
    public record ContainerRow(String name, String putTimestamp, long objectCount, long bytesUsed) {
    }

    public AccountBroker(Path file) {
        super(file);
    }

    @Override
    protected List<String> schema() {
        return List.of(
                "CREATE TABLE container (name TEXT PRIMARY KEY, put_timestamp TEXT, delete_timestamp TEXT, object_count INTEGER, bytes_used INTEGER, deleted INTEGER DEFAULT 0)",
                "CREATE INDEX ix_container_deleted_name ON container (deleted, name)",
                "CREATE TRIGGER container_insert AFTER INSERT ON container BEGIN UPDATE stat SET container_count = container_count + (1 - new.deleted), object_count = object_count + new.object_count, bytes_used = bytes_used + new.bytes_used; END",
                "CREATE TRIGGER container_delete AFTER DELETE ON container BEGIN UPDATE stat SET container_count = container_count - (1 - old.deleted), object_count = object_count - old.object_count, bytes_used = bytes_used - old.bytes_used; END");
    }

    /** Takes a container's report; a report older than what the row holds is ignored. */
    public void putContainer(String name, String putTimestamp, String deleteTimestamp, long objectCount, long bytesUsed)
            throws SQLException {
        boolean deleted = deleteTimestamp.compareTo(putTimestamp) > 0;
        writeBatched(c -> {
            PreparedStatement existing = prepared(c,
                    "SELECT put_timestamp, delete_timestamp, object_count, bytes_used FROM container WHERE name = ?");
            existing.setString(1, name);
            try (ResultSet r = existing.executeQuery()) {
                if (r.next()) {
                    String newest = max(r.getString(1), r.getString(2));
                    if (newest.compareTo(max(putTimestamp, deleteTimestamp)) > 0) {
                        return null;
                    }
                    boolean same = r.getString(1).equals(putTimestamp) && r.getString(2).equals(deleteTimestamp)
                            && r.getLong(3) == (deleted ? 0 : objectCount) && r.getLong(4) == (deleted ? 0 : bytesUsed);
                    if (same) {
                        return null; // a replica sending back what it got from here
                    }
                }
            }
            long rowid = nextRowid(c); // before the delete: a replaced newest row must not give its ROWID again
            PreparedStatement delete = prepared(c, "DELETE FROM container WHERE name = ?");
            delete.setString(1, name);
            delete.executeUpdate();
            PreparedStatement insert = prepared(c, "INSERT INTO container (ROWID, name, put_timestamp, delete_timestamp, "
                    + "object_count, bytes_used, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)");
            insert.setLong(1, rowid);
            insert.setString(2, name);
            insert.setString(3, putTimestamp);
            insert.setString(4, deleteTimestamp);
            insert.setLong(5, deleted ? 0 : objectCount);
            insert.setLong(6, deleted ? 0 : bytesUsed);
            insert.setInt(7, deleted ? 1 : 0);
            insert.executeUpdate();
            return null;
        });
    }

    @Override
    protected String rowTable() {
        return "container";
    }

    @Override
    protected List<String> rowColumns() {
        return List.of("name", "put_timestamp", "delete_timestamp", "object_count", "bytes_used");
    }

    @Override
    public void mergeRows(List<java.util.Map<String, Object>> rows) throws SQLException {
        for (java.util.Map<String, Object> row : rows) {
            putContainer((String) row.get("name"), (String) row.get("put_timestamp"), (String) row.get("delete_timestamp"),
                    ((Number) row.get("object_count")).longValue(), ((Number) row.get("bytes_used")).longValue());
        }
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public List<Listing.Entry<ContainerRow>> list(ListingQuery query) throws Exception {
        return Listing.list(query, this::fetch, ContainerRow::name);
    }

    private List<ContainerRow> fetch(String cursor, boolean inclusive, String endMarker, String prefix, int limit, boolean reverse)
            throws SQLException {
        return fetchLive("container", "name, put_timestamp, object_count, bytes_used", r -> new ContainerRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)), cursor, inclusive, endMarker, prefix, limit, reverse);
    }
}
