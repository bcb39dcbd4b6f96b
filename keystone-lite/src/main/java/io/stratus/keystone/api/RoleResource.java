package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.Ids;
import io.stratus.keystone.service.Input;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `/v3/roles` and implied roles. */
@Path("/v3/roles")
@Produces(MediaType.APPLICATION_JSON)
public class RoleResource {

    @Inject
    RoleRepo roles;
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
        authz.enforce("identity:create_role", Map.of(), current.authenticated());
        JsonNode in = Input.object(body, "role");
        if (Input.optionalString(in, "domain_id", 64) != null) {
            throw ApiException.badRequest("Invalid input for field 'domain_id': domain-specific roles are not supported.");
        }
        String name = Input.name(in, "name", 255);
        Role role = new Role(Ids.newId(), name, Input.optionalString(in, "description", 255));
        try {
            roles.insertRole(role);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("role", name);
        }
        return Response.status(201).entity(Map.of("role", Views.role(baseUrl.of(uri), role))).build();
    }

    @GET
        public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId) {
        authz.enforce("identity:list_roles", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        List<Role> found = domainId != null ? List.of() : roles.roles(new Filter().eq("name", name));
        return Views.collection("roles", found, r -> Views.role(base, r), base + "/v3/roles");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        authz.enforce("identity:get_role", Map.of(), current.authenticated());
        return Map.of("role", Views.role(baseUrl.of(uri), lookups.role(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:update_role", Map.of(), current.authenticated());
        Role old = lookups.role(id);
        JsonNode in = Input.object(body, "role");
        Input.forbid(in, "id");
        String name = in.has("name") ? Input.name(in, "name", 255) : old.name();
        Role updated = new Role(id, name, in.has("description") ? Input.optionalString(in, "description", 255) : old.description());
        try {
            roles.updateRole(updated);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("role", name);
        }
        return Map.of("role", Views.role(baseUrl.of(uri), updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        authz.enforce("identity:delete_role", Map.of(), current.authenticated());
        lookups.role(id);
        roles.deleteRole(id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/implies/{implied}")
    public Response imply(@PathParam("id") String prior, @PathParam("implied") String implied) {
        authz.enforce("identity:create_implied_role", Map.of(), current.authenticated());
        Role priorRole = lookups.role(prior);
        Role impliedRole = lookups.role(implied);
        if (prior.equals(implied) || impliesTransitively(implied, prior)) {
            throw ApiException.badRequest("Implied role " + implied + " would create a loop.");
        }
        roles.addImpliedRole(prior, implied);
        String base = baseUrl.of(uri);
        return Response.status(201).entity(Map.of("role_inference", Views.map(
                "prior_role", brief(base, priorRole), "implies", brief(base, impliedRole)))).build();
    }

    @GET
    @Path("/{id}/implies/{implied}")
    public Map<String, Object> getImplied(@PathParam("id") String prior, @PathParam("implied") String implied) {
        authz.enforce("identity:get_implied_role", Map.of(), current.authenticated());
        requireImplication(prior, implied);
        String base = baseUrl.of(uri);
        return Map.of("role_inference", Views.map("prior_role", brief(base, lookups.role(prior)), "implies", brief(base, lookups.role(implied))));
    }

    @HEAD
    @Path("/{id}/implies/{implied}")
    public Response checkImplied(@PathParam("id") String prior, @PathParam("implied") String implied) {
        authz.enforce("identity:check_implied_role", Map.of(), current.authenticated());
        requireImplication(prior, implied);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/implies/{implied}")
    public Response deleteImplied(@PathParam("id") String prior, @PathParam("implied") String implied) {
        authz.enforce("identity:delete_implied_role", Map.of(), current.authenticated());
        lookups.role(prior);
        lookups.role(implied);
        if (!roles.removeImpliedRole(prior, implied)) {
            throw ApiException.notFound("Could not find implied role: " + prior + " implies " + implied + ".");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/implies")
    public Map<String, Object> listImplied(@PathParam("id") String prior) {
        authz.enforce("identity:list_implied_roles", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        Role priorRole = lookups.role(prior);
        return Map.of("role_inference", inference(base, priorRole, impliedBy(prior)));
    }

    private Map<String, Object> inference(String base, Role prior, List<String> implied) {
        return inferenceView(base, prior, implied, lookups);
    }

    static Map<String, Object> inferenceView(String base, Role prior, List<String> implied, Lookups lookups) {
        return Views.map("prior_role", brief(base, prior), "implies", implied.stream().map(id -> brief(base, lookups.role(id))).toList());
    }

    private List<String> impliedBy(String prior) {
        return roles.impliedRoles().stream().filter(p -> p[0].equals(prior)).map(p -> p[1]).toList();
    }

    private boolean impliesTransitively(String from, String target) {
        for (String next : impliedBy(from)) {
            if (next.equals(target) || impliesTransitively(next, target)) {
                return true;
            }
        }
        return false;
    }

    private void requireImplication(String prior, String implied) {
        lookups.role(prior);
        lookups.role(implied);
        if (!impliedBy(prior).contains(implied)) {
            throw ApiException.notFound("Could not find implied role: " + prior + " implies " + implied + ".");
        }
    }

    static Map<String, Object> brief(String base, Role role) {
        return Views.map("id", role.id(), "name", role.name(), "links", Views.links(base + "/v3/roles/" + role.id()));
    }
}
