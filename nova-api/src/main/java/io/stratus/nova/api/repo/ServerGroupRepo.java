package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Server groups (schema nova). */
public final class ServerGroupRepo {

    private static final String COLUMNS = "id, name, policy, project_id, user_id, created_at";

    private final Db db;

    public ServerGroupRepo(Db db) {
        this.db = db;
    }

    public void create(ServerGroup group) {
        db.update("INSERT INTO server_groups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", group.id(), group.name(), group.policy(),
                group.projectId(), group.userId(), group.createdAt());
    }

    public Optional<ServerGroup> find(String id) {
        return db.one("SELECT " + COLUMNS + " FROM server_groups WHERE id = ?", ServerGroupRepo::map, id);
    }

    /** A project's groups, or every project's when {@code projectId} is null; oldest first. */
    public List<ServerGroup> list(String projectId, int limit, int offset) {
        return projectId == null
                ? db.list("SELECT " + COLUMNS + " FROM server_groups ORDER BY created_at, id LIMIT ? OFFSET ?", ServerGroupRepo::map, limit, offset)
                : db.list("SELECT " + COLUMNS + " FROM server_groups WHERE project_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
                        ServerGroupRepo::map, projectId, limit, offset);
    }

    public int count(String projectId) {
        return db.one("SELECT COUNT(*) FROM server_groups WHERE project_id = ?", row -> row.getInt(1), projectId).orElse(0);
    }

    public boolean delete(String id) {
        return db.update("DELETE FROM server_groups WHERE id = ?", id) == 1;
    }

    private static ServerGroup map(ResultSet row) throws SQLException {
        return new ServerGroup(row.getString("id"), row.getString("name"), row.getString("policy"), row.getString("project_id"),
                row.getString("user_id"), Db.instant(row, "created_at"));
    }
}
