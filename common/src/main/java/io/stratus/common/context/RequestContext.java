package io.stratus.common.context;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who is asking, and on whose behalf: what a validated token says, plus the request id.
 * Carried through HTTP handlers, log lines and RPC message headers.
 */
public record RequestContext(
        String requestId,
        String userId,
        String userName,
        String userDomainId,
        String projectId,
        String projectName,
        String projectDomainId,
        String domainId,
        boolean systemScope,
        Set<String> roles,
        String auditId,
        String applicationCredentialId,
        Instant expiresAt) {

    public RequestContext {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** A context that only carries a request id: anonymous callers and internal work. */
    public static RequestContext anonymous(String requestId) {
        return new RequestContext(requestId, null, null, null, null, null, null, null, false, Set.of(), null, null, null);
    }

    public boolean isAuthenticated() {
        return userId != null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public RequestContext withRequestId(String id) {
        return new RequestContext(id, userId, userName, userDomainId, projectId, projectName, projectDomainId, domainId,
                systemScope, roles, auditId, applicationCredentialId, expiresAt);
    }

    /** The attributes a policy rule may name as credentials (`role:`, `project_id:`, `user_id:` ...). */
    public Map<String, Object> policyCredentials() {
        var creds = new java.util.HashMap<String, Object>();
        creds.put("user_id", userId);
        creds.put("project_id", projectId);
        creds.put("domain_id", domainId);
        creds.put("user_domain_id", userDomainId);
        creds.put("project_domain_id", projectDomainId);
        creds.put("system_scope", systemScope ? "all" : null);
        creds.put("roles", roles);
        return creds;
    }
}
