package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.service.BootstrapService;
import io.stratus.keystone.service.Ids;
import io.stratus.keystone.service.Input;
import io.stratus.keystone.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** `/v3/groups` and group membership. */
@Path("/v3/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    @Inject
    IdentityRepo identity;
    @Inject
    Db db;
    @Inject
    RevocationService revocations;
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
        authz.enforce("identity:create_group", Map.of(), caller);
        JsonNode in = Input.object(body, "group");
        String name = Input.name(in, "name", 64);
        String domainId = Input.optionalString(in, "domain_id", 64);
        if (domainId == null) {
            domainId = caller.projectDomainId() != null ? caller.projectDomainId() : BootstrapService.DEFAULT_DOMAIN_ID;
        }
        if (identity.domain(domainId).isEmpty()) {
            throw ApiException.badRequest("Could not find domain: " + domainId + ".");
        }
        Group group = new Group(Ids.newId(), name, domainId, Input.optionalString(in, "description", 65535));
        try {
            identity.insertGroup(group);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("group", name);
        }
        return Response.status(201).entity(Map.of("group", Views.group(baseUrl.of(uri), group))).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId) {
        authz.enforce("identity:list_groups", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        return Views.collection("groups", identity.groups(new Filter().eq("name", name).eq("domain_id", domainId)),
                g -> Views.group(base, g), base + "/v3/groups");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        authz.enforce("identity:get_group", Map.of(), current.authenticated());
        return Map.of("group", Views.group(baseUrl.of(uri), lookups.group(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:update_group", Map.of(), current.authenticated());
        Group old = lookups.group(id);
        JsonNode in = Input.object(body, "group");
        Input.forbid(in, "id");
        Input.forbid(in, "domain_id");
        String name = in.has("name") ? Input.name(in, "name", 64) : old.name();
        Group updated = new Group(id, name, old.domainId(),
                in.has("description") ? Input.optionalString(in, "description", 65535) : old.description());
        try {
            identity.updateGroup(updated);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("group", name);
        }
        return Map.of("group", Views.group(baseUrl.of(uri), updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        authz.enforce("identity:delete_group", Map.of(), current.authenticated());
        lookups.group(id);
        var members = identity.usersInGroup(id);
        db.inTransaction(() -> identity.deleteGroup(id));
        members.forEach(u -> revocations.revokeUser(u.id()));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/users")
    public Map<String, Object> users(@PathParam("id") String id) {
        authz.enforce("identity:list_users_in_group", Map.of(), current.authenticated());
        lookups.group(id);
        String base = baseUrl.of(uri);
        return Views.collection("users", identity.usersInGroup(id), u -> Views.user(base, u), base + "/v3/groups/" + id + "/users");
    }

    @PUT
    @Path("/{id}/users/{userId}")
    public Response addUser(@PathParam("id") String id, @PathParam("userId") String userId) {
        authz.enforce("identity:add_user_to_group", Map.of(), current.authenticated());
        lookups.group(id);
        lookups.user(userId);
        identity.addToGroup(id, userId);
        return Response.noContent().build();
    }

    @HEAD
    @Path("/{id}/users/{userId}")
    public Response checkUser(@PathParam("id") String id, @PathParam("userId") String userId) {
        return isMember(id, userId);
    }

    @GET
    @Path("/{id}/users/{userId}")
    public Response isMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        authz.enforce("identity:check_user_in_group", Map.of(), current.authenticated());
        lookups.group(id);
        lookups.user(userId);
        if (!identity.isInGroup(id, userId)) {
            throw ApiException.notFound("User " + userId + " is not a member of group " + id + ".");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/users/{userId}")
    public Response removeUser(@PathParam("id") String id, @PathParam("userId") String userId) {
        authz.enforce("identity:remove_user_from_group", Map.of(), current.authenticated());
        lookups.group(id);
        lookups.user(userId);
        if (!identity.removeFromGroup(id, userId)) {
            throw ApiException.notFound("User " + userId + " is not a member of group " + id + ".");
        }
        revocations.revokeUser(userId);
        return Response.noContent().build();
    }
}
