package io.stratus.keystone.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.ApiException;
import io.stratus.common.token.Jws;
import io.stratus.common.token.TokenClaims;
import io.stratus.common.token.TokenInvalidException;
import io.stratus.common.token.TokenValidator;
import io.stratus.keystone.repo.CredentialRepo;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.ApplicationCredential;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.token.KeyRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * `POST /v3/auth/tokens`: authenticates by password, token or application credential, resolves the
 * requested scope and signs a token; also validates subject tokens for `GET /v3/auth/tokens`.
 */
public final class TokenService {

    private static final String AUTH_FAILED = "The request you have made requires authentication.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityRepo identity;
    private final CredentialRepo credentials;
    private final AssignmentService assignments;
    private final PasswordHasher hasher;
    private final KeyRepository keys;
    private final TokenValidator validator;
    private final SecurityRules rules;
    private final Clock clock;
    private final Duration lifetime;
    private final boolean allowRescopeScopedToken;

    public TokenService(IdentityRepo identity, CredentialRepo credentials, AssignmentService assignments, PasswordHasher hasher,
                        KeyRepository keys, TokenValidator validator, SecurityRules rules, Clock clock, Duration lifetime,
                        boolean allowRescopeScopedToken) {
        this.identity = identity;
        this.credentials = credentials;
        this.assignments = assignments;
        this.hasher = hasher;
        this.keys = keys;
        this.validator = validator;
        this.rules = rules;
        this.clock = clock;
        this.lifetime = lifetime;
        this.allowRescopeScopedToken = allowRescopeScopedToken;
    }

    /** A freshly signed token and what it says. */
    public record IssuedToken(String token, TokenClaims claims) {
    }

    /** Who authenticated, by which methods, and what limits the method puts on the new token. */
    private record Authenticated(User user, List<String> methods, List<String> parentAuditIds, Long expiresAt,
                                 ApplicationCredential applicationCredential, TokenClaims parent) {
    }

    /** The requested scope: one of project, domain, system, or none. */
    private record Scope(Project project, Domain domain, boolean system) {
        static final Scope NONE = new Scope(null, null, false);

        boolean unscoped() {
            return project == null && domain == null && !system;
        }
    }

    public IssuedToken authenticate(JsonNode body) {
        JsonNode auth = Input.object(body, "auth");
        JsonNode identityNode = Input.object(auth, "identity");
        List<String> methods = Input.stringList(identityNode, "methods");
        if (methods.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'identity/methods': at least one method is required.");
        }
        Authenticated who = null;
        for (String method : methods) {
            JsonNode methodBody = identityNode.get(method);
            if (methodBody == null || !methodBody.isObject()) {
                throw ApiException.badRequest("Invalid input for field 'identity/" + method + "': an object is required.");
            }
            Authenticated next = switch (method) {
                case "password" -> byPassword(methodBody);
                case "token" -> byToken(methodBody);
                case "application_credential" -> byApplicationCredential(methodBody);
                default -> throw ApiException.unauthorized("Attempted to authenticate with an unsupported method.");
            };
            if (who != null && !who.user().id().equals(next.user().id())) {
                throw ApiException.unauthorized(AUTH_FAILED);
            }
            who = who == null ? next : new Authenticated(who.user(), who.methods(), who.parentAuditIds(), who.expiresAt(),
                    who.applicationCredential() != null ? who.applicationCredential() : next.applicationCredential(), who.parent());
        }
        Authenticated authenticated = new Authenticated(who.user(), methodsOf(who, methods), who.parentAuditIds(),
                who.expiresAt(), who.applicationCredential(), who.parent());
        Scope scope = resolveScope(auth.get("scope"), authenticated);
        return sign(authenticated, scope);
    }

    /** Validates a subject token for `GET`/`HEAD /v3/auth/tokens`; 404 as Keystone when it is not valid. */
    public TokenClaims validateSubject(String token) {
        try {
            TokenClaims claims = validator.validate(token);
            User user = identity.user(claims.userId()).orElseThrow(() -> new TokenInvalidException("user gone"));
            if (!user.enabled()) {
                throw new TokenInvalidException("user disabled");
            }
            if (claims.projectId() != null) {
                Project project = identity.project(claims.projectId()).orElseThrow(() -> new TokenInvalidException("project gone"));
                if (!project.enabled()) {
                    throw new TokenInvalidException("project disabled");
                }
            }
            return claims;
        } catch (TokenInvalidException e) {
            throw ApiException.notFound("Failed to validate token");
        }
    }

    private List<String> methodsOf(Authenticated who, List<String> requested) {
        Set<String> methods = new LinkedHashSet<>();
        if (who.parent() != null) {
            methods.addAll(who.parent().methods());
        }
        methods.addAll(requested);
        if (who.parent() != null && requested.size() == 1) {
            methods.remove("token"); // a re-issued token keeps its parent's methods, as Keystone does
        }
        return List.copyOf(methods);
    }

    private Authenticated byPassword(JsonNode methodBody) {
        JsonNode userNode = Input.object(methodBody, "user");
        String password = Input.optionalString(userNode, "password", 4096);
        if (password == null) {
            throw ApiException.badRequest("Invalid input for field 'identity/password/user/password': it is required.");
        }
        User user = findUser(userNode);
        Instant now = clock.instant();
        if (user == null || !user.enabled() || user.passwordHash() == null || !domainEnabled(user.domainId())) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (rules.isLockedOut(user, now)) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (rules.lockExpired(user, now)) {
            identity.recordSuccessfulLogin(user.id(), user.failedAuthAt());
        }
        if (!hasher.matches(password, user.passwordHash())) {
            identity.recordFailedLogin(user.id(), now);
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (rules.isPasswordExpired(user, now)) {
            throw ApiException.unauthorized("The password is expired and needs to be changed for user: " + user.id() + ".");
        }
        identity.recordSuccessfulLogin(user.id(), now);
        return new Authenticated(user, List.of("password"), List.of(), null, null, null);
    }

    private Authenticated byToken(JsonNode methodBody) {
        String token = Input.requiredString(methodBody, "id", 16384);
        TokenClaims parent;
        try {
            parent = validator.validate(token);
        } catch (TokenInvalidException e) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (parent.applicationCredentialId() != null) {
            throw ApiException.forbidden("Rescoping an application credential token is not allowed.");
        }
        if (!allowRescopeScopedToken && (parent.isProjectScoped() || parent.isDomainScoped() || parent.isSystemScoped())) {
            throw ApiException.forbidden("Rescoping a scoped token is not allowed.");
        }
        User user = identity.user(parent.userId()).filter(User::enabled).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
        return new Authenticated(user, List.of("token"), parent.auditIds(), parent.expiresAt(), null, parent);
    }

    private Authenticated byApplicationCredential(JsonNode methodBody) {
        String secret = Input.requiredString(methodBody, "secret", 4096);
        String id = Input.optionalString(methodBody, "id", 64);
        ApplicationCredential credential;
        if (id != null) {
            credential = credentials.applicationCredential(id).orElse(null);
        } else {
            String name = Input.requiredString(methodBody, "name", 255);
            User owner = findUser(Input.object(methodBody, "user"));
            credential = owner == null ? null : credentials.applicationCredentialByName(owner.id(), name).orElse(null);
        }
        if (credential == null || !hasher.matches(secret, credential.secretHash())) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (credential.expiresAt() != null && !credential.expiresAt().isAfter(clock.instant())) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        User user = identity.user(credential.userId()).filter(User::enabled)
                .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
        return new Authenticated(user, List.of("application_credential"), List.of(), null, credential, null);
    }

    private User findUser(JsonNode userNode) {
        String id = Input.optionalString(userNode, "id", 64);
        if (id != null) {
            return identity.user(id).orElse(null);
        }
        String name = Input.optionalString(userNode, "name", 255);
        if (name == null) {
            throw ApiException.badRequest("Invalid input for field 'user': either 'id' or 'name' is required.");
        }
        Domain domain = findDomain(Input.object(userNode, "domain"));
        return domain == null ? null : identity.userByName(domain.id(), name).orElse(null);
    }

    private Domain findDomain(JsonNode domainNode) {
        String id = Input.optionalString(domainNode, "id", 64);
        if (id != null) {
            return identity.domain(id).orElse(null);
        }
        String name = Input.optionalString(domainNode, "name", 255);
        if (name == null) {
            throw ApiException.badRequest("Invalid input for field 'domain': either 'id' or 'name' is required.");
        }
        return identity.domainByName(name).orElse(null);
    }

    private boolean domainEnabled(String domainId) {
        return identity.domain(domainId).map(Domain::enabled).orElse(false);
    }

    private Scope resolveScope(JsonNode scopeNode, Authenticated who) {
        if (who.applicationCredential() != null) {
            ApplicationCredential credential = who.applicationCredential();
            Project project = identity.project(credential.projectId()).filter(Project::enabled)
                    .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
            if (scopeNode != null && !scopeNode.isNull()) {
                Scope asked = parseScope(scopeNode);
                if (asked.project() == null || !asked.project().id().equals(project.id())) {
                    throw ApiException.unauthorized("Application credentials cannot request a scope.");
                }
            }
            return new Scope(project, null, false);
        }
        if (scopeNode == null || scopeNode.isNull()) {
            if (who.parent() != null) {
                return scopeOfParent(who.parent());
            }
            String defaultProject = who.user().defaultProjectId();
            if (defaultProject != null) {
                Project project = identity.project(defaultProject).filter(Project::enabled).orElse(null);
                if (project != null && !assignments.effectiveRoles(who.user().id(), AssignmentService.PROJECT, project.id()).isEmpty()) {
                    return new Scope(project, null, false);
                }
            }
            return Scope.NONE;
        }
        return parseScope(scopeNode);
    }

    private Scope scopeOfParent(TokenClaims parent) {
        if (parent.projectId() != null) {
            return new Scope(identity.project(parent.projectId()).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED)), null, false);
        }
        if (parent.domainId() != null) {
            return new Scope(null, identity.domain(parent.domainId()).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED)), false);
        }
        return new Scope(null, null, parent.isSystemScoped());
    }

    private Scope parseScope(JsonNode scopeNode) {
        if (!scopeNode.isObject()) {
            throw ApiException.badRequest("Invalid input for field 'scope': an object is required.");
        }
        int given = (scopeNode.has("project") ? 1 : 0) + (scopeNode.has("domain") ? 1 : 0) + (scopeNode.has("system") ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest("Invalid input for field 'scope': exactly one of project, domain or system is required.");
        }
        if (scopeNode.has("project")) {
            JsonNode projectNode = Input.object(scopeNode, "project");
            String id = Input.optionalString(projectNode, "id", 64);
            Project project;
            if (id != null) {
                project = identity.project(id).orElse(null);
            } else {
                String name = Input.requiredString(projectNode, "name", 64);
                Domain domain = findDomain(Input.object(projectNode, "domain"));
                project = domain == null ? null : identity.projectByName(domain.id(), name).orElse(null);
            }
            if (project == null || !project.enabled()) {
                throw ApiException.unauthorized(AUTH_FAILED);
            }
            return new Scope(project, null, false);
        }
        if (scopeNode.has("domain")) {
            Domain domain = findDomain(Input.object(scopeNode, "domain"));
            if (domain == null || !domain.enabled()) {
                throw ApiException.unauthorized(AUTH_FAILED);
            }
            return new Scope(null, domain, false);
        }
        JsonNode system = Input.object(scopeNode, "system");
        if (!system.path("all").asBoolean(false)) {
            throw ApiException.badRequest("Invalid input for field 'scope/system': only {\"all\": true} is supported.");
        }
        return new Scope(null, null, true);
    }

    private IssuedToken sign(Authenticated who, Scope scope) {
        User user = who.user();
        List<Role> roles = List.of();
        if (!scope.unscoped()) {
            String targetType = scope.project() != null ? AssignmentService.PROJECT
                    : scope.domain() != null ? AssignmentService.DOMAIN : AssignmentService.SYSTEM;
            String targetId = scope.project() != null ? scope.project().id()
                    : scope.domain() != null ? scope.domain().id() : AssignmentService.SYSTEM_ALL;
            roles = assignments.effectiveRoles(user.id(), targetType, targetId);
            if (who.applicationCredential() != null) {
                Set<String> allowed = who.applicationCredential().roles().stream().map(Role::id).collect(Collectors.toSet());
                roles = roles.stream().filter(role -> allowed.contains(role.id())).toList();
            }
            if (roles.isEmpty()) {
                throw ApiException.unauthorized("User " + user.id() + " has no access to the requested scope.");
            }
        }
        Instant now = clock.instant();
        long expiresAt = now.plus(lifetime).getEpochSecond();
        if (who.expiresAt() != null) {
            expiresAt = Math.min(expiresAt, who.expiresAt());
        }
        if (who.applicationCredential() != null && who.applicationCredential().expiresAt() != null) {
            expiresAt = Math.min(expiresAt, who.applicationCredential().expiresAt().getEpochSecond());
        }
        List<String> auditIds = new ArrayList<>();
        auditIds.add(newAuditId());
        if (!who.parentAuditIds().isEmpty()) {
            auditIds.add(who.parentAuditIds().get(who.parentAuditIds().size() - 1));
        }
        Domain userDomain = identity.domain(user.domainId()).orElseThrow();
        Domain projectDomain = scope.project() == null ? null : identity.domain(scope.project().domainId()).orElseThrow();
        ApplicationCredential credential = who.applicationCredential();
        TokenClaims claims = new TokenClaims("keystone-lite", user.id(), user.name(), userDomain.id(), userDomain.name(),
                scope.project() == null ? null : scope.project().id(),
                scope.project() == null ? null : scope.project().name(),
                projectDomain == null ? null : projectDomain.id(),
                projectDomain == null ? null : projectDomain.name(),
                scope.domain() == null ? null : scope.domain().id(),
                scope.domain() == null ? null : scope.domain().name(),
                scope.system() ? "all" : null,
                roles.stream().map(r -> new TokenClaims.Role(r.id(), r.name())).toList(),
                who.methods(), auditIds, now.toEpochMilli(), expiresAt,
                credential == null ? null : credential.id(),
                credential == null ? null : !credential.unrestricted(),
                user.passwordExpiresAt() == null ? null : user.passwordExpiresAt().getEpochSecond());
        KeyRepository.SigningKey key = keys.current();
        try {
            return new IssuedToken(Jws.sign(JSON.writeValueAsBytes(claims), key.keyId(), key.privateKey()), claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newAuditId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
