package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.ServerGroup;
import io.stratus.nova.api.repo.ServerGroupRepo;
import io.stratus.nova.api.service.Quotas;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Server groups (`/v2.1/os-server-groups`): one policy, given as the one-item list `policies`, affinity or
 * anti-affinity, and from 2.15 soft-affinity or soft-anti-affinity (the scheduler's wish, not its rule);
 * its live servers are its members. From 2.13 a group shows its project and user.
 */
@Path("/v2.1/os-server-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServerGroupsResource {

    private static final List<String> POLICIES = List.of("affinity", "anti-affinity");
    private static final List<String> POLICIES_2_15 = List.of("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity");
    private static final int MAX_LIMIT = 1000;

    @Inject
    ServerGroupRepo groups;

    @Inject
    Authorize authorize;

    @Inject
    Quotas quotas;

    @Inject
    InstanceRepo instances;

    @Inject
    CurrentRequest current;

    @Inject
    ApiVersion version;

    @POST
    public Map<String, Object> create(Map<String, Object> body) {
        RequestContext caller = authorize.enforce("os_compute_api:os-server-groups:create");
        Map<String, Object> fields = Bodies.wrapped(body, "server_group");
        for (String key : fields.keySet()) {
            if (!key.equals("name") && !key.equals("policies")) {
                throw Bodies.invalid("server_group", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String name = Bodies.string(fields, "name", 255, true);
        Object policies = fields.get("policies");
        List<String> known = version.atLeast(15) ? POLICIES_2_15 : POLICIES;
        if (!(policies instanceof List<?> list) || list.size() != 1 || !known.contains(String.valueOf(list.get(0)))) {
            throw Bodies.invalid("policies", policies, "must be a list of one of " + known);
        }
        if (!Quotas.fits(quotas.limit(caller.projectId(), Quotas.SERVER_GROUPS), groups.count(caller.projectId()), 1)) {
            throw ApiException.forbidden("Quota exceeded, too many server groups.");
        }
        ServerGroup group = new ServerGroup(UUID.randomUUID().toString(), name, (String) list.get(0), caller.projectId(), caller.userId(),
                Instant.now());
        groups.create(group);
        return Map.of("server_group", view(group));
    }

    @GET
    public Map<String, Object> list(@QueryParam("all_projects") String allProjects, @QueryParam("limit") String limit,
                                    @QueryParam("offset") String offset) {
        RequestContext caller = current.authenticated();
        boolean all = allProjects != null && !allProjects.equalsIgnoreCase("false") && !allProjects.equals("0")
                && authorize.allows("os_compute_api:os-server-groups:index:all_projects");
        int size = limit == null ? MAX_LIMIT : Math.min(MAX_LIMIT, number("limit", limit));
        return Map.of("server_groups", groups.list(all ? null : caller.projectId(), size, offset == null ? 0 : number("offset", offset))
                .stream().map(this::view).toList());
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("server_group", view(visible(id)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        groups.delete(visible(id).id());
        return Response.noContent().build();
    }

    /** A group of the caller's project (any project's for an admin); 404 otherwise, as for one that does not exist. */
    private ServerGroup visible(String id) {
        RequestContext caller = current.authenticated();
        return groups.find(id).filter(group -> group.projectId().equals(caller.projectId()) || caller.hasRole("admin"))
                .orElseThrow(() -> ApiException.notFound("Instance group " + id + " could not be found."));
    }

    private static int number(String name, String value) {
        if (!value.matches("[0-9]{1,9}")) {
            throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: " + value + ". must be a non-negative integer");
        }
        return Integer.parseInt(value);
    }

    private Map<String, Object> view(ServerGroup group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("policies", List.of(group.policy()));
        view.put("members", instances.groupMembers(group.id()));
        view.put("metadata", Map.of());
        if (version.atLeast(13)) {
            view.put("project_id", group.projectId());
            view.put("user_id", group.userId());
        }
        return view;
    }
}
