package io.stratus.keystone.service;

import io.stratus.common.token.RevocationEvent;
import io.stratus.common.token.RevocationList;
import io.stratus.keystone.repo.RevocationRepo;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records revocations: in the database (for services that start later), in this process's list (so
 * the revoked token fails here at once) and on the revocation fanout (so it fails everywhere).
 */
public final class RevocationService {

    private final RevocationRepo repo;
    private final RevocationList local;
    private final Consumer<RevocationEvent> broadcaster;
    private final Clock clock;

    public RevocationService(RevocationRepo repo, RevocationList local, Consumer<RevocationEvent> broadcaster, Clock clock) {
        this.repo = repo;
        this.local = local;
        this.broadcaster = broadcaster;
        this.clock = clock;
    }

    public void revokeToken(String auditId) {
        record(new RevocationEvent(auditId, null, null, null, now()));
    }

    /** Every token of the user issued until now: password change, disable, delete. */
    public void revokeUser(String userId) {
        record(new RevocationEvent(null, null, userId, null, now()));
    }

    public void revokeProject(String projectId) {
        record(new RevocationEvent(null, null, null, projectId, now()));
    }

    public void revokeUserOnProject(String userId, String projectId) {
        record(new RevocationEvent(null, null, userId, projectId, now()));
    }

    /** The stored events that can still match a token issued within the last {@code tokenLifetimeMillis}. */
    public List<RevocationEvent> live(long tokenLifetimeMillis) {
        return repo.since(clock.millis() - tokenLifetimeMillis);
    }

    private void record(RevocationEvent event) {
        repo.insert(event);
        local.add(event);
        broadcaster.accept(event);
    }

    private long now() {
        return clock.millis();
    }
}
