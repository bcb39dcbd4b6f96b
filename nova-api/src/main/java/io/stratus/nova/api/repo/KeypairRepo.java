package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Keypairs per user (schema nova). */
public final class KeypairRepo {

    private static final String COLUMNS = "id, user_id, name, type, public_key, fingerprint, created_at";

    private final Db db;

    public KeypairRepo(Db db) {
        this.db = db;
    }

    public List<Keypair> list(String userId) {
        return db.list("SELECT " + COLUMNS + " FROM keypairs WHERE user_id = ? ORDER BY name", KeypairRepo::map, userId);
    }

    public Optional<Keypair> find(String userId, String name) {
        return db.one("SELECT " + COLUMNS + " FROM keypairs WHERE user_id = ? AND name = ?", KeypairRepo::map, userId, name);
    }

    public int count(String userId) {
        return db.one("SELECT COUNT(*) FROM keypairs WHERE user_id = ?", row -> row.getInt(1), userId).orElse(0);
    }

    /** @throws Db.DuplicateException when the user has a keypair of that name */
    public Keypair create(String userId, String name, String type, String publicKey, String fingerprint, java.time.Instant now) {
        db.update("INSERT INTO keypairs (user_id, name, type, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                userId, name, type, publicKey, fingerprint, now);
        return find(userId, name).orElseThrow();
    }

    public boolean delete(String userId, String name) {
        return db.update("DELETE FROM keypairs WHERE user_id = ? AND name = ?", userId, name) == 1;
    }

    private static Keypair map(ResultSet row) throws SQLException {
        return new Keypair(row.getLong("id"), row.getString("user_id"), row.getString("name"), row.getString("type"),
                row.getString("public_key"), row.getString("fingerprint"), Db.instant(row, "created_at"));
    }
}
