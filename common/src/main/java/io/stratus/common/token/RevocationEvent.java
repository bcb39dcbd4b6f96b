package io.stratus.common.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One revocation, as Keystone's OS-REVOKE events: a token matches when every field that is set
 * matches it and it was issued no later than {@code issuedBeforeMillis} (epoch milliseconds, so a token issued right after a revocation is not caught by it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationEvent(
        @JsonProperty("audit_id") String auditId,
        @JsonProperty("audit_chain_id") String auditChainId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("issued_before_ms") long issuedBeforeMillis) {

    public boolean matches(TokenClaims claims) {
        if (claims.issuedAtMillis() > issuedBeforeMillis) {
            return false;
        }
        if (auditId != null && !claims.auditIds().contains(auditId)) {
            return false;
        }
        if (auditChainId != null && !auditChainId.equals(claims.auditChainId())) {
            return false;
        }
        if (userId != null && !userId.equals(claims.userId())) {
            return false;
        }
        return projectId == null || projectId.equals(claims.projectId());
    }
}
