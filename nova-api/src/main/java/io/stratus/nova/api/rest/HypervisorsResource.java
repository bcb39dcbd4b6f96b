package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import io.stratus.common.nova.ComputeReport;
import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.service.ComputeReports;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `os-hypervisors` (admin): the compute nodes as their hosts last reported them, and their sums. */
@Path("/v2.1/os-hypervisors")
@Produces(MediaType.APPLICATION_JSON)
public class HypervisorsResource {

    @Inject
    ComputeHostRepo hosts;

    @Inject
    ComputeReports reports;

    @Inject
    Authorize authorize;

    @GET
    public Map<String, Object> list() {
        enforce();
        return Map.of("hypervisors", hosts.list().stream().map(host -> view(host, false)).toList());
    }

    @GET
    @Path("detail")
    public Map<String, Object> detail() {
        enforce();
        return Map.of("hypervisors", hosts.list().stream().map(host -> view(host, true)).toList());
    }

    @GET
    @Path("statistics")
    public Map<String, Object> statistics() {
        enforce();
        List<ComputeHost> all = hosts.list();
        Map<String, Object> sums = new LinkedHashMap<>();
        sums.put("count", all.size());
        sums.put("vcpus", all.stream().mapToLong(host -> host.node().vcpus()).sum());
        sums.put("vcpus_used", all.stream().mapToLong(host -> host.node().vcpusUsed()).sum());
        sums.put("memory_mb", all.stream().mapToLong(host -> host.node().memoryMb()).sum());
        sums.put("memory_mb_used", all.stream().mapToLong(host -> host.node().memoryMbUsed()).sum());
        sums.put("free_ram_mb", all.stream().mapToLong(host -> host.node().memoryMb() - host.node().memoryMbUsed()).sum());
        sums.put("local_gb", all.stream().mapToLong(host -> host.node().localGb()).sum());
        sums.put("local_gb_used", all.stream().mapToLong(host -> host.node().localGbUsed()).sum());
        sums.put("free_disk_gb", all.stream().mapToLong(host -> host.node().localGb() - host.node().localGbUsed()).sum());
        sums.put("disk_available_least", all.stream().mapToLong(host -> host.node().localGb() - host.node().localGbUsed()).sum());
        sums.put("running_vms", all.stream().mapToLong(host -> host.node().runningVms()).sum());
        sums.put("current_workload", 0);
        return Map.of("hypervisor_statistics", sums);
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        enforce();
        ComputeHost host = id.matches("[0-9]{1,9}") ? hosts.byNodeId(Integer.parseInt(id)).orElse(null) : null;
        if (host == null) {
            throw ApiException.notFound("Hypervisor " + id + " could not be found.");
        }
        return Map.of("hypervisor", view(host, true));
    }

    /** Compute hosts do not report their uptime: 501, as Nova answers for a driver without it (clients skip it). */
    @GET
    @Path("{id}/uptime")
    public Map<String, Object> uptime(@PathParam("id") String id) {
        show(id);
        throw new ApiException(501, "Virt driver does not implement uptime function.");
    }

    private Map<String, Object> view(ComputeHost host, boolean detail) {
        ComputeReport node = host.node();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.nodeId());
        view.put("hypervisor_hostname", node.hypervisorHostname());
        view.put("state", reports.up(host) ? "up" : "down");
        view.put("status", host.disabled() ? "disabled" : "enabled");
        if (detail) {
            view.put("vcpus", node.vcpus());
            view.put("vcpus_used", node.vcpusUsed());
            view.put("memory_mb", node.memoryMb());
            view.put("memory_mb_used", node.memoryMbUsed());
            view.put("free_ram_mb", node.memoryMb() - node.memoryMbUsed());
            view.put("local_gb", node.localGb());
            view.put("local_gb_used", node.localGbUsed());
            view.put("free_disk_gb", node.localGb() - node.localGbUsed());
            view.put("disk_available_least", node.localGb() - node.localGbUsed());
            view.put("running_vms", node.runningVms());
            view.put("current_workload", 0);
            view.put("hypervisor_type", node.hypervisorType());
            view.put("hypervisor_version", node.hypervisorVersion());
            view.put("host_ip", node.hostIp());
            view.put("cpu_info", "{}");
            view.put("service", Map.of("host", host.host(), "id", host.serviceId(),
                    "disabled_reason", host.disabledReason() == null ? "" : host.disabledReason()));
        }
        return view;
    }

    private void enforce() {
        authorize.enforce("os_compute_api:os-hypervisors:list");
    }
}
