package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.ServerGroupRepo;
import io.stratus.nova.api.service.Quotas;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `GET /v2.1/limits`: the project's absolute limits (its quotas) and what it uses; the network
 * figures are the ones microversion 2.1 still shows.
 */
@Path("/v2.1/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {

    @Inject
    ServerGroupRepo groups;

    @Inject
    InstanceRepo instances;

    @Inject
    Quotas quotas;

    @Inject
    CurrentRequest current;

    @GET
    public Map<String, Object> limits() {
        RequestContext caller = current.authenticated();
        Map<String, Integer> limits = quotas.limits(caller.projectId());
        InstanceRepo.Usage usage = instances.usage(caller.projectId());
        Map<String, Object> absolute = new LinkedHashMap<>();
        absolute.put("maxImageMeta", limits.get(Quotas.METADATA_ITEMS));
        absolute.put("maxPersonality", limits.get(Quotas.INJECTED_FILES));
        absolute.put("maxPersonalitySize", limits.get(Quotas.INJECTED_FILE_CONTENT_BYTES));
        absolute.put("maxSecurityGroupRules", 20);
        absolute.put("maxSecurityGroups", 10);
        absolute.put("maxServerGroupMembers", limits.get(Quotas.SERVER_GROUP_MEMBERS));
        absolute.put("maxServerGroups", limits.get(Quotas.SERVER_GROUPS));
        absolute.put("maxServerMeta", limits.get(Quotas.METADATA_ITEMS));
        absolute.put("maxTotalCores", limits.get(Quotas.CORES));
        absolute.put("maxTotalFloatingIps", 10);
        absolute.put("maxTotalInstances", limits.get(Quotas.INSTANCES));
        absolute.put("maxTotalKeypairs", limits.get(Quotas.KEY_PAIRS));
        absolute.put("maxTotalRAMSize", limits.get(Quotas.RAM));
        absolute.put("totalCoresUsed", usage.cores());
        absolute.put("totalFloatingIpsUsed", 0);
        absolute.put("totalInstancesUsed", usage.instances());
        absolute.put("totalRAMUsed", usage.ramMb());
        absolute.put("totalSecurityGroupsUsed", 0);
        absolute.put("totalServerGroupsUsed", groups.count(caller.projectId()));
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
