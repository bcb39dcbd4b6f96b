package io.stratus.nova.api.rest;

import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.ServerStatus;
import io.stratus.nova.api.service.ComputeReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A server as the request's microversion shows it: 2.3 adds the extended attributes (for admins), 2.9
 * `locked`, 2.16 `host_status` (for admins), 2.19 `description`.
 */
@ApplicationScoped
public class ServerViews {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter USAGE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Inject
    InstanceRepo instances;

    @Inject
    ComputeHostRepo hosts;

    @Inject
    ComputeReports reports;

    @Inject
    Authorize authorize;

    @Inject
    ApiVersion version;

    static Map<String, Object> brief(Instance instance, UriInfo uri) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.uuid());
        view.put("name", instance.name());
        view.put("links", Links.of(uri, "servers", instance.uuid()));
        return view;
    }

    /** One server's detail view, its metadata and latest fault read for it. */
    Map<String, Object> detail(Instance instance, UriInfo uri) {
        return details(List.of(instance), uri, true).get(0);
    }

    /** The view an update or a rebuild answers with: without the extended attributes and host_status (Nova adds them at 2.75). */
    Map<String, Object> actionDetail(Instance instance, UriInfo uri) {
        return details(List.of(instance), uri, false).get(0);
    }

    /** Detail views of a page of servers, with one read each of their metadata, faults and hosts. */
    List<Map<String, Object>> details(List<Instance> page, UriInfo uri) {
        return details(page, uri, true);
    }

    private List<Map<String, Object>> details(List<Instance> page, UriInfo uri, boolean full) {
        List<String> ids = page.stream().map(Instance::uuid).toList();
        Map<String, Map<String, String>> metadata = instances.metadata(ids);
        Map<String, InstanceRepo.Fault> faults = instances.latestFaults(ids);
        boolean extended = full && authorize.allows("os_compute_api:os-extended-server-attributes");
        Map<String, String> hostStatuses = full && version.atLeast(16) && authorize.allows("os_compute_api:servers:show:host_status")
                ? hostStatuses() : null;
        return page.stream().map(instance -> detail(instance, metadata.getOrDefault(instance.uuid(), Map.of()),
                Optional.ofNullable(faults.get(instance.uuid())), extended, hostStatuses, uri)).toList();
    }

    /**
     * Nova's host_status of each host: DOWN when forced down, MAINTENANCE when disabled, UP while it
     * reports, UNKNOWN once its reports stopped.
     */
    private Map<String, String> hostStatuses() {
        Map<String, String> statuses = new HashMap<>();
        for (ComputeHost host : hosts.list()) {
            statuses.put(host.host(), host.forcedDown() ? "DOWN" : host.disabled() ? "MAINTENANCE" : reports.up(host) ? "UP" : "UNKNOWN");
        }
        return statuses;
    }

    /** {@code admin} adds the OS-EXT-SRV-ATTR fields and a 500 fault's details; {@code hostStatuses} null leaves host_status out. */
    private Map<String, Object> detail(Instance instance, Map<String, String> metadata, Optional<InstanceRepo.Fault> fault, boolean admin,
                                       Map<String, String> hostStatuses, UriInfo uri) {
        String status = ServerStatus.of(instance);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.uuid());
        view.put("name", instance.name());
        view.put("status", status);
        view.put("tenant_id", instance.projectId());
        view.put("user_id", instance.userId());
        view.put("metadata", metadata);
        view.put("hostId", hostId(instance));
        view.put("image", Map.of("id", instance.imageRef(), "links",
                List.of(Map.of("rel", "bookmark", "href", Links.base(uri) + "/images/" + instance.imageRef()))));
        view.put("flavor", Map.of("id", instance.flavorId(), "links",
                List.of(Map.of("rel", "bookmark", "href", Links.base(uri) + "/flavors/" + instance.flavorId()))));
        view.put("created", iso(instance.createdAt()));
        view.put("updated", iso(instance.updatedAt()));
        view.put("addresses", Map.of());
        view.put("accessIPv4", "");
        view.put("accessIPv6", "");
        view.put("links", Links.of(uri, "servers", instance.uuid()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        if (status.equals("BUILD") || status.equals("ACTIVE")) {
            view.put("progress", status.equals("ACTIVE") ? 100 : 0);
        }
        view.put("OS-EXT-AZ:availability_zone", instance.availabilityZone() != null ? instance.availabilityZone()
                : instance.host() == null ? "" : "nova");
        view.put("config_drive", "");
        view.put("key_name", instance.keyName());
        view.put("OS-SRV-USG:launched_at", instance.launchedAt() == null ? null : USAGE.format(instance.launchedAt()));
        view.put("OS-SRV-USG:terminated_at", instance.terminatedAt() == null ? null : USAGE.format(instance.terminatedAt()));
        view.put("security_groups", List.of(Map.of("name", "default")));
        if (version.atLeast(19)) {
            view.put("description", instance.description());
        }
        if (version.atLeast(9)) {
            view.put("locked", instance.locked());
        }
        if (hostStatuses != null) {
            view.put("host_status", instance.host() == null ? "" : hostStatuses.getOrDefault(instance.host(), ""));
        }
        view.put("OS-EXT-STS:task_state", instance.taskState());
        view.put("OS-EXT-STS:vm_state", instance.vmState());
        view.put("OS-EXT-STS:power_state", instance.powerState());
        view.put("os-extended-volumes:volumes_attached", List.of());
        if (admin) {
            view.put("OS-EXT-SRV-ATTR:host", instance.host());
            view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.host());
            view.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + instance.uuid());
            if (version.atLeast(3)) {
                view.put("OS-EXT-SRV-ATTR:reservation_id", instance.reservationId());
                view.put("OS-EXT-SRV-ATTR:launch_index", instance.launchIndex());
                view.put("OS-EXT-SRV-ATTR:hostname", hostname(instance.name(), instance.uuid()));
                view.put("OS-EXT-SRV-ATTR:kernel_id", "");
                view.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
                view.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
                view.put("OS-EXT-SRV-ATTR:user_data", instance.userData());
            }
        }
        if ((status.equals("ERROR") || status.equals("DELETED")) && fault.isPresent()) {
            InstanceRepo.Fault value = fault.get();
            Map<String, Object> faultView = new LinkedHashMap<>();
            faultView.put("code", value.code());
            faultView.put("created", iso(value.createdAt()));
            faultView.put("message", value.message());
            if (value.details() != null && (admin || value.code() != 500)) {
                faultView.put("details", value.details());
            }
            view.put("fault", faultView);
        }
        return view;
    }

    /**
     * Nova's hostname from a display name: lower case, spaces and underscores as dashes, other characters
     * gone, at most 63; Server-{uuid} when nothing is left.
     */
    static String hostname(String name, String uuid) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[ _]", "-").replaceAll("[^a-z0-9.-]", "");
        cleaned = cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
        cleaned = cleaned.replaceAll("^[.-]+|[.-]+$", "");
        return cleaned.isEmpty() ? "Server-" + uuid : cleaned;
    }

    static String iso(Instant instant) {
        return instant == null ? null : ISO.format(instant);
    }

    /** Nova's hostId: the host hashed with the project, so users can tell their servers apart by host without learning hosts' names. */
    static String hostId(Instance instance) {
        if (instance.host() == null) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-224").digest((instance.projectId() + instance.host()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
