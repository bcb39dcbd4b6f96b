package io.stratus.keystone.api;

import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Assignment;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.service.AssignmentService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** `GET /v3/role_assignments` with its filters, `effective` and `include_names`. */
@Path("/v3/role_assignments")
@Produces(MediaType.APPLICATION_JSON)
public class RoleAssignmentResource {

    @Inject
    AssignmentService assignments;
    @Inject
    IdentityRepo identity;
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

    @GET
    public Map<String, Object> list(@QueryParam("user.id") String userId, @QueryParam("group.id") String groupId,
                                    @QueryParam("role.id") String roleId, @QueryParam("scope.project.id") String projectId,
                                    @QueryParam("scope.domain.id") String domainId, @QueryParam("scope.system") String system,
                                    @QueryParam("scope.OS-INHERIT:inherited_to") String inheritedTo) {
        authz.enforce("identity:list_role_assignments", Map.of(), current.authenticated());
        boolean isEffective = Params.flag(uri, "effective");
        boolean names = Params.flag(uri, "include_names");
        if (userId != null && groupId != null) {
            throw ApiException.badRequest("Specify a user or group, not both.");
        }
        if (isEffective && groupId != null) {
            throw ApiException.badRequest("Combining effective and group filter will always result in an empty list.");
        }
        int scopes = (projectId != null ? 1 : 0) + (domainId != null ? 1 : 0) + (system != null ? 1 : 0);
        if (scopes > 1) {
            throw ApiException.badRequest("Specify one of domain, project or system scope.");
        }
        String targetType = projectId != null ? AssignmentService.PROJECT : domainId != null ? AssignmentService.DOMAIN
                : system != null ? AssignmentService.SYSTEM : null;
        String targetId = projectId != null ? projectId : domainId != null ? domainId : system != null ? AssignmentService.SYSTEM_ALL : null;
        List<Assignment> found = assignments.list(new AssignmentService.AssignmentQuery(userId, groupId, roleId, targetType, targetId,
                isEffective, inheritedTo != null));
        String base = baseUrl.of(uri);
        Map<String, Object> cache = new HashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Assignment a : found) {
            out.add(view(base, a, names, cache));
        }
        return Views.map("role_assignments", out, "links", Views.map("self", base + "/v3/role_assignments", "previous", null, "next", null));
    }

    private Map<String, Object> view(String base, Assignment a, boolean names, Map<String, Object> cache) {
        Map<String, Object> role = Views.map("id", a.roleId());
        if (names) {
            role.put("name", lookups.role(a.roleId()).name());
        }
        Map<String, Object> actor = Views.map("id", a.actorId());
        if (names) {
            if (AssignmentService.USER.equals(a.actorType())) {
                identity.user(a.actorId()).ifPresent(u -> {
                    actor.put("name", u.name());
                    actor.put("domain", domainRef(u.domainId(), cache));
                });
            } else {
                identity.group(a.actorId()).ifPresent(g -> {
                    actor.put("name", g.name());
                    actor.put("domain", domainRef(g.domainId(), cache));
                });
            }
        }
        Map<String, Object> scope = new java.util.LinkedHashMap<>();
        String link;
        switch (a.targetType()) {
            case AssignmentService.PROJECT -> {
                Map<String, Object> project = Views.map("id", a.targetId());
                if (names) {
                    identity.project(a.targetId()).ifPresent(p -> {
                        project.put("name", p.name());
                        project.put("domain", domainRef(p.domainId(), cache));
                    });
                }
                scope.put("project", project);
                link = base + "/v3/projects/" + a.targetId();
            }
            case AssignmentService.DOMAIN -> {
                Map<String, Object> domain = Views.map("id", a.targetId());
                if (names) {
                    identity.domain(a.targetId()).ifPresent(d -> domain.put("name", d.name()));
                }
                scope.put("domain", domain);
                link = base + (a.inherited() ? "/v3/OS-INHERIT/domains/" : "/v3/domains/") + a.targetId();
            }
            default -> {
                scope.put("system", Map.of("all", true));
                link = base + "/v3/system";
            }
        }
        if (a.inherited()) {
            scope.put("OS-INHERIT:inherited_to", "projects");
        }
        String actorKey = AssignmentService.USER.equals(a.actorType()) ? "user" : "group";
        link += "/" + actorKey + "s/" + a.actorId() + "/roles/" + a.roleId() + (a.inherited() ? "/inherited_to_projects" : "");
        return Views.map("role", role, actorKey, actor, "scope", scope, "links", Views.map("assignment", link));
    }

    private Object domainRef(String domainId, Map<String, Object> cache) {
        return cache.computeIfAbsent(domainId, id -> {
            Domain d = identity.domain(id).orElse(null);
            return d == null ? Views.map("id", id) : Views.map("id", d.id(), "name", d.name());
        });
    }
}
