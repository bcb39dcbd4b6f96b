package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.KeypairRepo;
import io.stratus.nova.api.repo.QuotaRepo;
import io.stratus.nova.api.repo.ServerGroupRepo;
import io.stratus.nova.api.service.Quotas;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quota sets (`/v2.1/os-quota-sets/{project}`): a project's limits, with `/detail` what it uses and
 * `/defaults` Nova's defaults; an admin changes them (PUT) or resets them to the defaults (DELETE).
 * Microversion 2.1 still lists the network quotas, fixed at Nova's defaults.
 */
@Path("/v2.1/os-quota-sets/{project}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuotaSetsResource {

    private static final Map<String, Integer> NETWORK_QUOTAS = Map.of("fixed_ips", -1, "floating_ips", 10, "security_group_rules", 20,
            "security_groups", 10);

    @Inject
    Quotas quotas;

    @Inject
    QuotaRepo repo;

    @Inject
    InstanceRepo instances;

    @Inject
    KeypairRepo keypairs;

    @Inject
    ServerGroupRepo groups;

    @Inject
    Authorize authorize;

    @GET
    public Map<String, Object> show(@PathParam("project") String project) {
        readable(project);
        return Map.of("quota_set", withId(project, withNetwork(quotas.limits(project))));
    }

    @GET
    @Path("defaults")
    public Map<String, Object> defaults(@PathParam("project") String project) {
        authorize.enforce("os_compute_api:os-quota-sets:defaults");
        return Map.of("quota_set", withId(project, withNetwork(Quotas.DEFAULTS)));
    }

    @GET
    @Path("detail")
    public Map<String, Object> detail(@PathParam("project") String project) {
        RequestContext caller = readable(project);
        InstanceRepo.Usage usage = instances.usage(project);
        Map<String, Integer> used = Map.of(Quotas.INSTANCES, usage.instances(), Quotas.CORES, usage.cores(), Quotas.RAM, usage.ramMb(),
                Quotas.SERVER_GROUPS, groups.count(project), Quotas.KEY_PAIRS, project.equals(caller.projectId()) ? keypairs.count(caller.userId()) : 0);
        Map<String, Object> detail = new LinkedHashMap<>();
        withNetwork(quotas.limits(project)).forEach((resource, limit) -> detail.put(resource,
                Map.of("limit", limit, "in_use", used.getOrDefault(resource, 0), "reserved", 0)));
        return Map.of("quota_set", withId(project, detail));
    }

    @PUT
    public Map<String, Object> update(@PathParam("project") String project, Map<String, Object> body) {
        authorize.enforce("os_compute_api:os-quota-sets:update");
        Map<String, Object> fields = Bodies.wrapped(body, "quota_set");
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String resource = field.getKey();
            if (resource.equals("force")) {
                continue;
            }
            if (!Quotas.DEFAULTS.containsKey(resource) && !NETWORK_QUOTAS.containsKey(resource)) {
                throw Bodies.invalid("quota_set", resource, "Additional properties are not allowed ('" + resource + "' was unexpected)");
            }
            int limit = Bodies.integer(fields, resource, -1, null);
            if (Quotas.DEFAULTS.containsKey(resource)) {
                changes.put(resource, limit);
            }
        }
        repo.put(project, changes);
        return Map.of("quota_set", withNetwork(quotas.limits(project)));
    }

    @DELETE
    public Response reset(@PathParam("project") String project) {
        authorize.enforce("os_compute_api:os-quota-sets:delete");
        repo.reset(project);
        return Response.accepted().build();
    }

    /** The caller's own project's quotas, or any project's for an admin; 403 otherwise. */
    private RequestContext readable(String project) {
        RequestContext caller = authorize.enforce("os_compute_api:os-quota-sets:show");
        if (!project.equals(caller.projectId()) && !caller.hasRole("admin")) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
        }
        return caller;
    }

    private static Map<String, Integer> withNetwork(Map<String, Integer> limits) {
        Map<String, Integer> all = new LinkedHashMap<>(limits);
        all.putAll(NETWORK_QUOTAS);
        return all;
    }

    private static Map<String, Object> withId(String project, Map<String, ?> values) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project);
        view.putAll(values);
        return view;
    }
}
