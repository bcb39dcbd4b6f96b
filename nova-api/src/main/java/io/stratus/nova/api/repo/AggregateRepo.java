package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Host aggregates (schema nova). */
public final class AggregateRepo {

    private final Db db;

    public AggregateRepo(Db db) {
        this.db = db;
    }

    /** @throws Db.DuplicateException when the name is taken */
    public Aggregate create(String name, Map<String, String> metadata, Instant now) {
        return db.inTransaction(() -> {
            db.update("INSERT INTO aggregates (name, created_at) VALUES (?, ?)", name, now);
            int id = db.one("SELECT id FROM aggregates WHERE name = ?", row -> row.getInt(1), name).orElseThrow();
            putMetadata(id, metadata);
            return find(id).orElseThrow();
        });
    }

    public Optional<Aggregate> find(int id) {
        return db.one("SELECT name, created_at, updated_at FROM aggregates WHERE id = ?", row -> new Aggregate(id, row.getString("name"),
                List.of(), Map.of(), Db.instant(row, "created_at"), Db.instant(row, "updated_at")), id)
                .map(row -> new Aggregate(id, row.name(), hosts(id), metadata(id), row.createdAt(), row.updatedAt()));
    }

    public List<Aggregate> list() {
        return db.list("SELECT id FROM aggregates ORDER BY id", row -> row.getInt(1)).stream().map(id -> find(id).orElseThrow()).toList();
    }

    /** @throws Db.DuplicateException when the new name is taken */
    public void rename(int id, String name, Instant now) {
        db.update("UPDATE aggregates SET name = ?, updated_at = ? WHERE id = ?", name, now, id);
    }

    /** Sets each key; a null value removes it. */
    public void putMetadata(int id, Map<String, String> metadata) {
        db.inTransaction(() -> metadata.forEach((key, value) -> {
            if (value == null) {
                db.update("DELETE FROM aggregate_metadata WHERE aggregate_id = ? AND meta_key = ?", id, key);
            } else {
                db.update("INSERT INTO aggregate_metadata (aggregate_id, meta_key, meta_value) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE meta_value = VALUES(meta_value)", id, key, value);
            }
        }));
    }

    /** @throws Db.DuplicateException when the host is a member already */
    public void addHost(int id, String host) {
        db.update("INSERT INTO aggregate_hosts (aggregate_id, host) VALUES (?, ?)", id, host);
    }

    public boolean removeHost(int id, String host) {
        return db.update("DELETE FROM aggregate_hosts WHERE aggregate_id = ? AND host = ?", id, host) == 1;
    }

    public boolean delete(int id) {
        return db.update("DELETE FROM aggregates WHERE id = ?", id) == 1;
    }

    private List<String> hosts(int id) {
        return db.list("SELECT host FROM aggregate_hosts WHERE aggregate_id = ? ORDER BY host", row -> row.getString(1), id);
    }

    private Map<String, String> metadata(int id) {
        Map<String, String> metadata = new LinkedHashMap<>();
        db.list("SELECT meta_key, meta_value FROM aggregate_metadata WHERE aggregate_id = ? ORDER BY meta_key",
                row -> metadata.put(row.getString(1), row.getString(2)), id);
        return metadata;
    }
}
