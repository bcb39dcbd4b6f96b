package io.stratus.nova.api.rest;

import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.ServerStatus;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server as microversion 2.1 shows it. */
final class ServerViews {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter USAGE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private ServerViews() {
    }

    static Map<String, Object> brief(Instance instance, UriInfo uri) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.uuid());
        view.put("name", instance.name());
        view.put("links", Links.of(uri, "servers", instance.uuid()));
        return view;
    }

    /** {@code admin} adds the OS-EXT-SRV-ATTR fields and a 500 fault's details. */
    static Map<String, Object> detail(Instance instance, Map<String, String> metadata, Optional<InstanceRepo.Fault> fault, boolean admin,
                                      UriInfo uri) {
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
        view.put("OS-EXT-STS:task_state", instance.taskState());
        view.put("OS-EXT-STS:vm_state", instance.vmState());
        view.put("OS-EXT-STS:power_state", instance.powerState());
        view.put("os-extended-volumes:volumes_attached", List.of());
        if (admin) {
            view.put("OS-EXT-SRV-ATTR:host", instance.host());
            view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.host());
            view.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + instance.uuid());
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
