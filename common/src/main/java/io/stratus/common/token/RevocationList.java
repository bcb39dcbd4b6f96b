package io.stratus.common.token;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Revocations known to this process. Audit-id revocations (the common case: one token revoked) are a
 * hash lookup; the rarer user/project events are scanned.
 */
public final class RevocationList {

    private final Set<String> revokedAuditIds = ConcurrentHashMap.newKeySet();
    private final List<RevocationEvent> broaderEvents = new CopyOnWriteArrayList<>();
    private final Map<RevocationEvent, Boolean> known = new ConcurrentHashMap<>();

    public void add(RevocationEvent event) {
        if (known.putIfAbsent(event, Boolean.TRUE) != null) {
            return;
        }
        if (event.auditId() != null && event.userId() == null && event.projectId() == null) {
            revokedAuditIds.add(event.auditId());
        } else {
            broaderEvents.add(event);
        }
    }

    public void addAll(Collection<RevocationEvent> events) {
        events.forEach(this::add);
    }

    public boolean isRevoked(TokenClaims claims) {
        for (String auditId : claims.auditIds()) {
            if (revokedAuditIds.contains(auditId)) {
                return true;
            }
        }
        for (RevocationEvent event : broaderEvents) {
            if (event.matches(claims)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets events that no live token can match any more. */
    public void prune(long oldestLiveIssuedAtMillis) {
        known.keySet().removeIf(event -> {
            boolean stale = event.issuedBeforeMillis() < oldestLiveIssuedAtMillis;
            if (stale) {
                broaderEvents.remove(event);
                if (event.auditId() != null) {
                    revokedAuditIds.remove(event.auditId());
                }
            }
            return stale;
        });
    }
}
