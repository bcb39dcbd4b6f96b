package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.service.AssignmentService;
import io.stratus.keystone.service.BootstrapService;
import io.stratus.keystone.service.Ids;
import io.stratus.keystone.service.Input;
import io.stratus.keystone.service.PasswordHasher;
import io.stratus.keystone.service.RevocationService;
import io.stratus.keystone.service.SecurityRules;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** `/v3/users`, a user's password, groups and projects. */
@Path("/v3/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private static final int MAX_PASSWORD = 4096;

    @Inject
    IdentityRepo identity;
    @Inject
    AssignmentService assignments;
    @Inject
    PasswordHasher hasher;
    @Inject
    SecurityRules rules;
    @Inject
    RevocationService revocations;
    @Inject
    Db db;
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
    public Response create(JsonNode body) {
        RequestContext caller = current.authenticated();
        JsonNode in = Input.object(body, "user");
        String name = Input.name(in, "name", 255);
        String domainId = Input.optionalString(in, "domain_id", 64);
        if (domainId == null) {
            domainId = caller.projectDomainId() != null ? caller.projectDomainId()
                    : caller.domainId() != null ? caller.domainId() : BootstrapService.DEFAULT_DOMAIN_ID;
        }
        authz.enforce("identity:create_user", Map.of("user", Map.of("domain_id", domainId)), caller);
        if (identity.domain(domainId).isEmpty()) {
            throw ApiException.badRequest("Could not find domain: " + domainId + ".");
        }
        String defaultProject = Input.optionalString(in, "default_project_id", 64);
        if (defaultProject != null && identity.project(defaultProject).isEmpty()) {
            throw ApiException.badRequest("Could not find project: " + defaultProject + ".");
        }
        String password = Input.optionalString(in, "password", MAX_PASSWORD);
        if (password != null) {
            rules.checkStrength(password);
        }
        Instant now = clock.instant();
        User user = new User(Ids.newId(), name, domainId, defaultProject, Input.optionalString(in, "description", 65535),
                Input.optionalString(in, "email", 255), !Boolean.FALSE.equals(Input.optionalBoolean(in, "enabled")),
                null, null, null, 0, null, null);
        String hash = password == null ? null : hasher.hash(password);
        try {
            db.inTransaction(() -> {
                identity.insertUser(user);
                if (hash != null) {
                    identity.setPassword(user.id(), hash, now, rules.expiryOfPasswordSetAt(now));
                }
            });
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("user", name);
        }
        return Response.status(201).entity(Map.of("user", Views.user(baseUrl.of(uri), lookups.user(user.id())))).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId,
                                    @QueryParam("enabled") String enabled) {
        authz.enforce("identity:list_users", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        return Views.collection("users", identity.users(new Filter().eq("name", name).eq("domain_id", domainId)
                .eq("enabled", Params.bool(enabled))), u -> Views.user(base, u), base + "/v3/users");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        authz.enforce("identity:get_user", Map.of("user", Map.of("id", id)), current.authenticated());
        return Map.of("user", Views.user(baseUrl.of(uri), lookups.user(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:update_user", Map.of("user", Map.of("id", id)), current.authenticated());
        User old = lookups.user(id);
        JsonNode in = Input.object(body, "user");
        Input.forbid(in, "id");
        Input.forbid(in, "domain_id");
        String name = in.has("name") ? Input.name(in, "name", 255) : old.name();
        Boolean enabled = Input.optionalBoolean(in, "enabled");
        String defaultProject = in.has("default_project_id") ? Input.optionalString(in, "default_project_id", 64) : old.defaultProjectId();
        if (defaultProject != null && identity.project(defaultProject).isEmpty()) {
            throw ApiException.badRequest("Could not find project: " + defaultProject + ".");
        }
        String password = in.has("password") ? Input.optionalString(in, "password", MAX_PASSWORD) : null;
        if (password != null) {
            rules.checkStrength(password);
        }
        User updated = new User(id, name, old.domainId(), defaultProject,
                in.has("description") ? Input.optionalString(in, "description", 65535) : old.description(),
                in.has("email") ? Input.optionalString(in, "email", 255) : old.email(),
                enabled == null ? old.enabled() : enabled, old.passwordHash(), old.passwordCreatedAt(), old.passwordExpiresAt(),
                old.failedAuthCount(), old.failedAuthAt(), old.options());
        String hash = password == null ? null : hasher.hash(password);
        Instant now = clock.instant();
        try {
            db.inTransaction(() -> {
                identity.updateUser(updated);
                if (hash != null) {
                    identity.setPassword(id, hash, now, rules.expiryOfPasswordSetAt(now));
                }
            });
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("user", name);
        }
        if ((old.enabled() && !updated.enabled()) || hash != null) {
            revocations.revokeUser(id);
        }
        return Map.of("user", Views.user(baseUrl.of(uri), lookups.user(id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        authz.enforce("identity:delete_user", Map.of("user", Map.of("id", id)), current.authenticated());
        lookups.user(id);
        db.inTransaction(() -> identity.deleteUser(id));
        revocations.revokeUser(id);
        return Response.noContent().build();
    }

    /** Self-service password change: checks the original password and the security compliance rules. */
    @POST
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:change_password", Map.of("user", Map.of("id", id)), current.authenticated());
        JsonNode in = Input.object(body, "user");
        String original = Input.requiredString(in, "original_password", MAX_PASSWORD);
        String password = Input.requiredString(in, "password", MAX_PASSWORD);
        User user = lookups.user(id);
        if (!hasher.matches(original, user.passwordHash())) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        Instant now = clock.instant();
        rules.checkChange(user, password, identity.passwordHistory(id, rules.historyToCheck()), hasher, now);
        String hash = hasher.hash(password);
        db.inTransaction(() -> identity.setPassword(id, hash, now, rules.expiryOfPasswordSetAt(now)));
        revocations.revokeUser(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/groups")
    public Map<String, Object> groups(@PathParam("id") String id) {
        authz.enforce("identity:list_groups_for_user", Map.of("user", Map.of("id", id)), current.authenticated());
        lookups.user(id);
        String base = baseUrl.of(uri);
        return Views.collection("groups", identity.groupsOfUser(id), g -> Views.group(base, g), base + "/v3/users/" + id + "/groups");
    }

    @GET
    @Path("/{id}/projects")
    public Map<String, Object> projects(@PathParam("id") String id) {
        authz.enforce("identity:list_user_projects", Map.of("user", Map.of("id", id)), current.authenticated());
        lookups.user(id);
        String base = baseUrl.of(uri);
        return Views.collection("projects", assignments.projectsOfUser(id), p -> Views.project(base, p),
                base + "/v3/users/" + id + "/projects");
    }
}
