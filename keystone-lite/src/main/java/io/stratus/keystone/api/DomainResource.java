package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.AssignmentService;
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

/** `/v3/domains`. */
@Path("/v3/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {

    @Inject
    IdentityRepo identity;
    @Inject
    RoleRepo roles;
    @Inject
    Db db;
    @Inject
    RevocationService revocations;
    @Inject
    Lookups lookups;
    @Inject
    Grants grants;
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
        authz.enforce("identity:create_domain", Map.of(), current.authenticated());
        JsonNode in = Input.object(body, "domain");
        String id = Input.optionalString(in, "explicit_domain_id", 64);
        Domain domain = new Domain(id == null ? Ids.newId() : id, Input.name(in, "name", 255),
                Input.optionalString(in, "description", 65535), !Boolean.FALSE.equals(Input.optionalBoolean(in, "enabled")));
        try {
            identity.insertDomain(domain);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("domain", domain.name());
        }
        return Response.status(201).entity(Map.of("domain", Views.domain(baseUrl.of(uri), domain))).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("enabled") String enabled) {
        authz.enforce("identity:list_domains", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        return Views.collection("domains", identity.domains(new Filter().eq("name", name).eq("enabled", Params.bool(enabled))),
                d -> Views.domain(base, d), base + "/v3/domains");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        RequestContext caller = current.authenticated();
        Domain domain = lookups.domain(id);
        authz.enforce("identity:get_domain", Map.of("domain", Map.of("id", domain.id())), caller);
        return Map.of("domain", Views.domain(baseUrl.of(uri), domain));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:update_domain", Map.of(), current.authenticated());
        Domain old = lookups.domain(id);
        JsonNode in = Input.object(body, "domain");
        Input.forbid(in, "id");
        String name = in.has("name") ? Input.name(in, "name", 255) : old.name();
        Boolean enabled = Input.optionalBoolean(in, "enabled");
        Domain updated = new Domain(id, name, in.has("description") ? Input.optionalString(in, "description", 65535) : old.description(),
                enabled == null ? old.enabled() : enabled);
        try {
            identity.updateDomain(updated);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("domain", name);
        }
        if (old.enabled() && !updated.enabled()) {
            identity.users(new Filter().eq("domain_id", id)).forEach(u -> revocations.revokeUser(u.id()));
        }
        return Map.of("domain", Views.domain(baseUrl.of(uri), updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        authz.enforce("identity:delete_domain", Map.of(), current.authenticated());
        Domain domain = lookups.domain(id);
        if (domain.enabled()) {
            throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
        }
        db.inTransaction(() -> {
            for (User user : identity.users(new Filter().eq("domain_id", id))) {
                identity.deleteUser(user.id());
            }
            for (Group group : identity.groups(new Filter().eq("domain_id", id))) {
                identity.deleteGroup(group.id());
            }
            for (Project project : identity.projects(new Filter().eq("domain_id", id))) {
                roles.deleteAssignmentsOnTarget(AssignmentService.PROJECT, project.id());
                identity.deleteProject(project.id());
            }
            roles.deleteAssignmentsOnTarget(AssignmentService.DOMAIN, id);
            identity.deleteDomain(id);
        });
        return Response.noContent().build();
    }

    // ---- role grants on this domain

    @GET
    @Path("/{id}/{actors: users|groups}/{actorId}/roles")
    public Map<String, Object> listGrants(@PathParam("id") String id, @PathParam("actors") String actors,
                                          @PathParam("actorId") String actorId) {
        String base = baseUrl.of(uri);
        return grants.list(Grants.of(AssignmentService.DOMAIN, id, actors, actorId, false), base,
                base + "/v3/domains/" + id + "/" + actors + "/" + actorId + "/roles");
    }

    @PUT
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response grant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                          @PathParam("roleId") String roleId) {
        return grants.grant(Grants.of(AssignmentService.DOMAIN, id, actors, actorId, false), roleId);
    }

    @HEAD
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response checkGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                               @PathParam("roleId") String roleId) {
        return grants.check(Grants.of(AssignmentService.DOMAIN, id, actors, actorId, false), roleId);
    }

    @GET
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response getGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                             @PathParam("roleId") String roleId) {
        return grants.check(Grants.of(AssignmentService.DOMAIN, id, actors, actorId, false), roleId);
    }

    @DELETE
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response revokeGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                                @PathParam("roleId") String roleId) {
        return grants.revoke(Grants.of(AssignmentService.DOMAIN, id, actors, actorId, false), roleId);
    }
}
