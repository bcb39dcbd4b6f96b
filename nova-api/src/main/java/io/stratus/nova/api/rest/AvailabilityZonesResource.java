package io.stratus.nova.api.rest;

import io.stratus.nova.api.repo.Aggregate;
import io.stratus.nova.api.repo.AggregateRepo;
import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.service.ComputeReports;
import io.stratus.nova.api.service.ServerBuilder;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Availability zones (`/v2.1/os-availability-zone`): those named by aggregates' availability_zone
 * metadata, and the default zone `nova` for compute hosts in none. A zone is available while one of
 * its hosts is enabled and up.
 */
@Path("/v2.1/os-availability-zone")
@Produces(MediaType.APPLICATION_JSON)
public class AvailabilityZonesResource {

    @Inject
    AggregateRepo aggregates;

    @Inject
    ComputeHostRepo hosts;

    @Inject
    ComputeReports reports;

    @Inject
    Authorize authorize;

    @GET
    public Map<String, Object> list() {
        authorize.enforce("os_compute_api:os-availability-zone:list");
        List<Map<String, Object>> zones = new ArrayList<>();
        zones(false).forEach((zone, hostsView) -> zones.add(zone(zone, hostsView, null)));
        return Map.of("availabilityZoneInfo", zones);
    }

    @GET
    @Path("detail")
    public Map<String, Object> detail() {
        authorize.enforce("os_compute_api:os-availability-zone:detail");
        List<Map<String, Object>> zones = new ArrayList<>();
        zones(true).forEach((zone, hostsView) -> zones.add(zone(zone, hostsView, hostsView)));
        return Map.of("availabilityZoneInfo", zones);
    }

    private Map<String, Map<String, Object>> zones(boolean detail) {
        Map<String, String> zoneOf = new HashMap<>();
        for (Aggregate aggregate : aggregates.list()) {
            String zone = aggregate.metadata().get("availability_zone");
            if (zone != null) {
                aggregate.hosts().forEach(host -> zoneOf.put(host, zone));
            }
        }
        Map<String, Map<String, Object>> zones = new TreeMap<>();
        for (ComputeHost host : hosts.list()) {
            String zone = zoneOf.getOrDefault(host.host(), ServerBuilder.DEFAULT_ZONE);
            boolean up = reports.up(host);
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("available", up && !host.disabled());
            service.put("active", !host.disabled());
            service.put("updated_at", ServerViews.iso(host.lastSeenUp()));
            zones.computeIfAbsent(zone, key -> new LinkedHashMap<>()).put(host.host(), Map.of("nova-compute", service));
        }
        return zones;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> zone(String name, Map<String, Object> hostsView, Map<String, Object> shownHosts) {
        boolean available = hostsView.values().stream()
                .anyMatch(host -> Boolean.TRUE.equals(((Map<String, Map<String, Object>>) host).get("nova-compute").get("available")));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("zoneName", name);
        view.put("zoneState", Map.of("available", available));
        view.put("hosts", shownHosts);
        return view;
    }
}
