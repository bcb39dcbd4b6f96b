package io.stratus.common.token;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stratus.common.context.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a keystone-lite token asserts: everything a service needs to authorise a request without
 * calling identity. Serialised as the JWS payload.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenClaims(
        @JsonProperty("iss") String issuer,
        @JsonProperty("sub") String userId,
        @JsonProperty("user_name") String userName,
        @JsonProperty("user_domain_id") String userDomainId,
        @JsonProperty("user_domain_name") String userDomainName,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("project_name") String projectName,
        @JsonProperty("project_domain_id") String projectDomainId,
        @JsonProperty("project_domain_name") String projectDomainName,
        @JsonProperty("domain_id") String domainId,
        @JsonProperty("domain_name") String domainName,
        @JsonProperty("system") String system,
        @JsonProperty("roles") List<Role> roles,
        @JsonProperty("methods") List<String> methods,
        @JsonProperty("audit_ids") List<String> auditIds,
        @JsonProperty("iat_ms") long issuedAtMillis,
        @JsonProperty("exp") long expiresAt,
        @JsonProperty("application_credential_id") String applicationCredentialId,
        @JsonProperty("application_credential_restricted") Boolean applicationCredentialRestricted,
        @JsonProperty("password_expires_at") Long passwordExpiresAt) {

    /** A role granted in the token's scope. */
    public record Role(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }

    public TokenClaims {
        roles = roles == null ? List.of() : List.copyOf(roles);
        methods = methods == null ? List.of() : List.copyOf(methods);
        auditIds = auditIds == null ? List.of() : List.copyOf(auditIds);
    }

    @JsonIgnore
    public String auditId() {
        return auditIds.isEmpty() ? null : auditIds.get(0);
    }

    /** The first audit id of the chain: what a token-method re-issue keeps from its parent. */
    @JsonIgnore
    public String auditChainId() {
        return auditIds.isEmpty() ? null : auditIds.get(auditIds.size() - 1);
    }

    @JsonIgnore
    public Set<String> roleNames() {
        return roles.stream().map(Role::name).collect(Collectors.toUnmodifiableSet());
    }

    @JsonIgnore
    public boolean isSystemScoped() {
        return "all".equals(system);
    }

    @JsonIgnore
    public boolean isProjectScoped() {
        return projectId != null;
    }

    @JsonIgnore
    public boolean isDomainScoped() {
        return domainId != null;
    }

    public RequestContext toContext(String requestId) {
        return new RequestContext(requestId, userId, userName, userDomainId, projectId, projectName, projectDomainId,
                domainId, isSystemScoped(), roleNames(), auditId(), applicationCredentialId, Instant.ofEpochSecond(expiresAt));
    }
}
