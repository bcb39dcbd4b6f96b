package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.AssignmentService;
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

/** `/v3/projects`. */
@Path("/v3/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

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
        RequestContext caller = current.authenticated();
        JsonNode in = Input.object(body, "project");
        String name = Input.name(in, "name", 64);
        String parentId = Input.optionalString(in, "parent_id", 64);
        String domainId = Input.optionalString(in, "domain_id", 64);
        if (Boolean.TRUE.equals(Input.optionalBoolean(in, "is_domain"))) {
            throw ApiException.badRequest("Invalid input for field 'is_domain': projects acting as domains are not supported.");
        }
        if (domainId == null) {
            domainId = caller.projectDomainId() != null ? caller.projectDomainId()
                    : caller.domainId() != null ? caller.domainId() : BootstrapService.DEFAULT_DOMAIN_ID;
        }
        authz.enforce("identity:create_project", Map.of("project", Map.of("domain_id", domainId)), caller);
        String finalDomain = domainId;
        if (identity.domain(domainId).isEmpty()) {
            throw ApiException.badRequest("Could not find domain: " + domainId + ".");
        }
        if (parentId != null && !parentId.equals(domainId)) {
            String wantedParent = parentId;
            Project parent = identity.project(parentId).orElseThrow(() -> ApiException.badRequest("Could not find project: " + wantedParent + "."));
            if (!parent.domainId().equals(finalDomain)) {
                throw ApiException.badRequest("Cannot create project, the parent (" + parentId + ") is in another domain.");
            }
        } else {
            parentId = null;
        }
        Project project = new Project(Ids.newId(), name, domainId, parentId, Input.optionalString(in, "description", 65535),
                !Boolean.FALSE.equals(Input.optionalBoolean(in, "enabled")));
        try {
            identity.insertProject(project);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("project", name);
        }
        return Response.status(201).entity(Map.of("project", Views.project(baseUrl.of(uri), project))).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId,
                                    @QueryParam("enabled") String enabled, @QueryParam("parent_id") String parentId) {
        authz.enforce("identity:list_projects", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        Filter filter = new Filter().eq("name", name).eq("domain_id", domainId).eq("enabled", Params.bool(enabled));
        if (parentId != null) {
            if (identity.domain(parentId).isPresent()) {
                filter.where("parent_id IS NULL AND domain_id = ?", parentId);
            } else {
                filter.eq("parent_id", parentId);
            }
        }
        return Views.collection("projects", identity.projects(filter), p -> Views.project(base, p), base + "/v3/projects");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        RequestContext caller = current.authenticated();
        Project project = identity.project(id).orElse(null);
        authz.enforce("identity:get_project", Map.of("project", Map.of("id", id)), caller);
        if (project == null) {
            throw Lookups.notFound("project", id);
        }
        return Map.of("project", Views.project(baseUrl.of(uri), project));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        authz.enforce("identity:update_project", Map.of("project", Map.of("id", id)), current.authenticated());
        Project old = lookups.project(id);
        JsonNode in = Input.object(body, "project");
        Input.forbid(in, "id");
        Input.forbid(in, "domain_id");
        String name = in.has("name") ? Input.name(in, "name", 64) : old.name();
        Boolean enabled = Input.optionalBoolean(in, "enabled");
        Project updated = new Project(id, name, old.domainId(), old.parentId(),
                in.has("description") ? Input.optionalString(in, "description", 65535) : old.description(),
                enabled == null ? old.enabled() : enabled);
        try {
            identity.updateProject(updated);
        } catch (Db.DuplicateException e) {
            throw Lookups.duplicate("project", name);
        }
        if (old.enabled() && !updated.enabled()) {
            revocations.revokeProject(id);
        }
        return Map.of("project", Views.project(baseUrl.of(uri), updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        authz.enforce("identity:delete_project", Map.of("project", Map.of("id", id)), current.authenticated());
        lookups.project(id);
        if (identity.projectHasChildren(id)) {
            throw ApiException.forbidden("Cannot delete the project " + id + " since it is not a leaf in the hierarchy.");
        }
        db.inTransaction(() -> {
            roles.deleteAssignmentsOnTarget(AssignmentService.PROJECT, id);
            identity.deleteProject(id);
        });
        revocations.revokeProject(id);
        return Response.noContent().build();
    }

    // ---- role grants on this project

    @GET
    @Path("/{id}/{actors: users|groups}/{actorId}/roles")
    public Map<String, Object> listGrants(@PathParam("id") String id, @PathParam("actors") String actors,
                                          @PathParam("actorId") String actorId) {
        String base = baseUrl.of(uri);
        return grants.list(Grants.of(AssignmentService.PROJECT, id, actors, actorId, false), base,
                base + "/v3/projects/" + id + "/" + actors + "/" + actorId + "/roles");
    }

    @PUT
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response grant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                          @PathParam("roleId") String roleId) {
        return grants.grant(Grants.of(AssignmentService.PROJECT, id, actors, actorId, false), roleId);
    }

    @HEAD
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response checkGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                               @PathParam("roleId") String roleId) {
        return grants.check(Grants.of(AssignmentService.PROJECT, id, actors, actorId, false), roleId);
    }

    @GET
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response getGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                             @PathParam("roleId") String roleId) {
        return grants.check(Grants.of(AssignmentService.PROJECT, id, actors, actorId, false), roleId);
    }

    @DELETE
    @Path("/{id}/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response revokeGrant(@PathParam("id") String id, @PathParam("actors") String actors, @PathParam("actorId") String actorId,
                                @PathParam("roleId") String roleId) {
        return grants.revoke(Grants.of(AssignmentService.PROJECT, id, actors, actorId, false), roleId);
    }
}
