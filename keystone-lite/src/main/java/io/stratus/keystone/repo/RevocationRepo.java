package io.stratus.keystone.repo;

import io.stratus.common.db.Db;
import io.stratus.common.token.RevocationEvent;
import java.util.List;

/** Revocation events, kept until no token they could match is still alive. */
public final class RevocationRepo {

    private final Db db;

    public RevocationRepo(Db db) {
        this.db = db;
    }

    public void insert(RevocationEvent e) {
        db.update("INSERT INTO revocation_event (audit_id, audit_chain_id, user_id, project_id, issued_before) VALUES (?, ?, ?, ?, ?)",
                e.auditId(), e.auditChainId(), e.userId(), e.projectId(), e.issuedBeforeMillis());
    }

    public List<RevocationEvent> since(long issuedBeforeAtLeast) {
        return db.list("SELECT * FROM revocation_event WHERE issued_before >= ? ORDER BY id",
                r -> new RevocationEvent(r.getString("audit_id"), r.getString("audit_chain_id"), r.getString("user_id"),
                        r.getString("project_id"), r.getLong("issued_before")), issuedBeforeAtLeast);
    }

    public int prune(long issuedBeforeOlderThan) {
        return db.update("DELETE FROM revocation_event WHERE issued_before < ?", issuedBeforeOlderThan);
    }
}
