package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.CredentialRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Records.ApplicationCredential;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.AssignmentService;
import io.stratus.keystone.service.Ids;
import io.stratus.keystone.service.Input;
import io.stratus.keystone.service.PasswordHasher;
import io.stratus.keystone.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** `/v3/users/{id}/application_credentials`: a user delegates some of their roles on one project to a secret. */
@Path("/v3/users/{userId}/application_credentials")
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationCredentialResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CredentialRepo credentials;
    @Inject
    RoleRepo roles;
    @Inject
    AssignmentService assignments;
    @Inject
    PasswordHasher hasher;
    @Inject
    RevocationService revocations;
    @Inject
    Clock clock;
    @Inject
    Lookups lookups;
    @Inject
    CurrentRequest current;
    @Inject
    Authz authz;
    @Inject
    BaseUrl baseUrl;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("userId") String userId, JsonNode body) {
        RequestContext caller = current.authenticated();
        authz.enforce("identity:create_application_credential", owner(userId), caller);
        if (caller.projectId() == null) {
            throw ApiException.forbidden("Application credentials can only be created with a project-scoped token.");
        }
        if (caller.applicationCredentialId() != null) {
            credentials.applicationCredential(caller.applicationCredentialId())
                    .filter(ApplicationCredential::unrestricted)
                    .orElseThrow(() -> ApiException.forbidden("A restricted application credential cannot create application credentials."));
        }
        lookups.user(userId);
        JsonNode in = Input.object(body, "application_credential");
        String name = Input.name(in, "name", 255);
        String secret = Input.optionalString(in, "secret", 4096);
        if (secret == null) {
            byte[] bytes = new byte[64];
            RANDOM.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        Instant expiresAt = Input.optionalTime(in, "expires_at");
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ApiException.badRequest("Invalid input for field 'expires_at': the time is in the past.");
        }
        List<Role> held = assignments.effectiveRoles(userId, AssignmentService.PROJECT, caller.projectId());
        List<Role> chosen = chooseRoles(in.get("roles"), held);
        ApplicationCredential credential = new ApplicationCredential(Ids.newId(), name, userId, caller.projectId(),
                hasher.hash(secret), Input.optionalString(in, "description", 65535), expiresAt,
                Boolean.TRUE.equals(Input.optionalBoolean(in, "unrestricted")), chosen);
        try {
            credentials.insertApplicationCredential(credential);
        } catch (Db.DuplicateException e) {
            throw ApiException.conflict("Conflict occurred attempting to store application_credential - Duplicate entry found with name "
                    + name + ".");
        }
        return Response.status(201).entity(Map.of("application_credential",
                Views.applicationCredential(baseUrl.of(uri), credential, secret))).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("userId") String userId, @QueryParam("name") String name) {
        authz.enforce("identity:list_application_credentials", owner(userId), current.authenticated());
        lookups.user(userId);
        String base = baseUrl.of(uri);
        return Views.collection("application_credentials", credentials.applicationCredentials(userId, name),
                a -> Views.applicationCredential(base, a, null), base + "/v3/users/" + userId + "/application_credentials");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("userId") String userId, @PathParam("id") String id) {
        authz.enforce("identity:get_application_credential", owner(userId), current.authenticated());
        return Map.of("application_credential", Views.applicationCredential(baseUrl.of(uri), find(userId, id), null));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("userId") String userId, @PathParam("id") String id) {
        authz.enforce("identity:delete_application_credential", owner(userId), current.authenticated());
        ApplicationCredential credential = find(userId, id);
        credentials.deleteApplicationCredential(credential.id());
        // tokens made from it carry the user and project: revoke those rather than let them live on
        revocations.revokeUserOnProject(userId, credential.projectId());
        return Response.noContent().build();
    }

    private ApplicationCredential find(String userId, String id) {
        return credentials.applicationCredential(id).filter(a -> a.userId().equals(userId))
                .orElseThrow(() -> Lookups.notFound("application credential", id));
    }

    private List<Role> chooseRoles(JsonNode requested, List<Role> held) {
        if (requested == null || requested.isNull()) {
            if (held.isEmpty()) {
                throw ApiException.forbidden("The user holds no role on the project.");
            }
            return held;
        }
        if (!requested.isArray()) {
            throw ApiException.badRequest("Invalid input for field 'roles': " + requested + " is not of type 'array'.");
        }
        Set<String> heldIds = held.stream().map(Role::id).collect(Collectors.toSet());
        List<Role> chosen = new ArrayList<>();
        for (JsonNode ref : requested) {
            if (!ref.isObject()) {
                throw ApiException.badRequest("Invalid input for field 'roles': each role is an object with an id or a name.");
            }
            String id = Input.optionalString(ref, "id", 64);
            Role role = id != null ? roles.role(id).orElse(null)
                    : roles.roleByName(Input.requiredString(ref, "name", 255)).orElse(null);
            if (role == null) {
                throw ApiException.notFound("Could not find role: " + (id != null ? id : ref.path("name").asText()) + ".");
            }
            if (!heldIds.contains(role.id())) {
                throw ApiException.forbidden("The user does not hold role " + role.name() + " on the project.");
            }
            chosen.add(role);
        }
        if (chosen.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'roles': at least one role is required.");
        }
        return chosen;
    }

    private static Map<String, Object> owner(String userId) {
        return Map.of("user", Map.of("id", userId));
    }
}
