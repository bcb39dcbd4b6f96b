package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.ServerGroupRepo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `GET /v2.1/limits`: the project's absolute limits, Nova's default quotas (per-project quota sets
 * come later), and what it uses. No server can be booted yet, so instances, cores and RAM used are 0;
 * the network figures are the ones microversion 2.1 still shows.
 */
@Path("/v2.1/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {

    /** Nova's default quotas. */
    static final int INSTANCES = 10;
    static final int CORES = 20;
    static final int RAM_MB = 51200;
    static final int KEY_PAIRS = 100;
    static final int SERVER_GROUPS = 10;
    static final int SERVER_GROUP_MEMBERS = 10;
    static final int METADATA_ITEMS = 128;

    @Inject
    ServerGroupRepo groups;

    @Inject
    CurrentRequest current;

    @GET
    public Map<String, Object> limits() {
        RequestContext caller = current.authenticated();
        Map<String, Object> absolute = new LinkedHashMap<>();
        absolute.put("maxImageMeta", METADATA_ITEMS);
        absolute.put("maxPersonality", 5);
        absolute.put("maxPersonalitySize", 10240);
        absolute.put("maxSecurityGroupRules", 20);
        absolute.put("maxSecurityGroups", 10);
        absolute.put("maxServerGroupMembers", SERVER_GROUP_MEMBERS);
        absolute.put("maxServerGroups", SERVER_GROUPS);
        absolute.put("maxServerMeta", METADATA_ITEMS);
        absolute.put("maxTotalCores", CORES);
        absolute.put("maxTotalFloatingIps", 10);
        absolute.put("maxTotalInstances", INSTANCES);
        absolute.put("maxTotalKeypairs", KEY_PAIRS);
        absolute.put("maxTotalRAMSize", RAM_MB);
        absolute.put("totalCoresUsed", 0);
        absolute.put("totalFloatingIpsUsed", 0);
        absolute.put("totalInstancesUsed", 0);
        absolute.put("totalRAMUsed", 0);
        absolute.put("totalSecurityGroupsUsed", 0);
        absolute.put("totalServerGroupsUsed", groups.count(caller.projectId()));
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
