package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.util.HashMap;
import java.util.Map;

/** Per-project quota overrides (schema nova). */
public final class QuotaRepo {

    private final Db db;

    public QuotaRepo(Db db) {
        this.db = db;
    }

    public Map<String, Integer> overrides(String projectId) {
        Map<String, Integer> limits = new HashMap<>();
        db.list("SELECT resource, hard_limit FROM quotas WHERE project_id = ?", row -> limits.put(row.getString(1), row.getInt(2)), projectId);
        return limits;
    }

    public void put(String projectId, Map<String, Integer> limits) {
        db.inTransaction(() -> {
            for (Map.Entry<String, Integer> limit : limits.entrySet()) {
                db.update("INSERT INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE hard_limit = VALUES(hard_limit)",
                        projectId, limit.getKey(), limit.getValue());
            }
            return null;
        });
    }

    public void reset(String projectId) {
        db.update("DELETE FROM quotas WHERE project_id = ?", projectId);
    }
}
