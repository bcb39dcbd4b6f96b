package io.stratus.nova.api.service;

import io.stratus.common.context.RequestContext;
import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.rpc.RpcException;
import io.stratus.nova.api.repo.Aggregate;
import io.stratus.nova.api.repo.AggregateRepo;
import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.repo.Flavor;
import io.stratus.nova.api.repo.FlavorRepo;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.Keypair;
import io.stratus.nova.api.repo.KeypairRepo;
import io.stratus.nova.api.repo.ServerGroup;
import io.stratus.nova.api.repo.ServerGroupRepo;
import io.stratus.nova.api.rest.ApiVersion;
import io.stratus.nova.api.rest.Bodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Boots servers: checks the request as Nova does (every refusal a 4xx that leaves nothing behind),
 * checks the project's quota and writes the servers in one transaction holding the project's lock row, then
 * casts each to the scheduler. A server that cannot be cast (RabbitMQ away) is removed again: the
 * request fails rather than leaving a server that would never leave BUILD.
 */
@ApplicationScoped
public class ServerBuilder {

    private static final Logger LOG = Logger.getLogger(ServerBuilder.class);
    private static final Set<String> FIELDS = Set.of("name", "imageRef", "flavorRef", "key_name", "metadata", "user_data", "availability_zone",
            "min_count", "max_count", "return_reservation_id", "networks", "security_groups", "config_drive", "accessIPv4", "accessIPv6",
            "adminPass", "OS-DCF:diskConfig", "personality");
    private static final int MAX_USER_DATA = 65535;
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String DEFAULT_ZONE = "nova";

    /** Servers written, and what the create response needs. */
    public record Created(List<Instance> instances, String adminPass, boolean returnReservationId) {
    }

    @Inject
    Db db;

    @Inject
    InstanceRepo instances;

    @Inject
    FlavorRepo flavors;

    @Inject
    KeypairRepo keypairs;

    @Inject
    ServerGroupRepo groups;

    @Inject
    AggregateRepo aggregates;

    @Inject
    ComputeHostRepo hosts;

    @Inject
    Quotas quotas;

    @Inject
    GlanceClient glance;

    @Inject
    NovaRpc rpc;

    @Inject
    ApiVersion version;

    public Created create(Map<String, Object> body, RequestContext caller, String token) {
        Map<String, Object> fields = wrapped(body);
        for (String key : fields.keySet()) {
            if (!FIELDS.contains(key) && !(key.equals("description") && version.atLeast(19))) {
                throw Bodies.invalid("server", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String description = description(fields);
        if (fields.get("personality") instanceof List<?> files && !files.isEmpty()) {
            throw ApiException.badRequest("Personality files are not supported; pass the files in user_data instead.");
        }
        String name = name(fields);
        if (!version.atLeast(19)) {
            description = name; // as Nova has always done for a server created without one to give
        }
        String imageId = reference(fields, "imageRef");
        String flavorId = reference(fields, "flavorRef");
        int minCount = integer(fields, "min_count", 1);
        int maxCount = integer(fields, "max_count", minCount);
        if (minCount > maxCount) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
        Map<String, String> metadata = metadata(fields.get("metadata"));
        String userData = userData(fields.get("user_data"));
        Map<String, Object> hints = body.get("os:scheduler_hints") instanceof Map<?, ?> map ? cast(map) : Map.of();

        boolean admin = caller.hasRole("admin");
        Flavor flavor = flavors.find(flavorId, new FlavorRepo.Viewer(admin, caller.projectId()))
                .orElseThrow(() -> ApiException.badRequest("Flavor " + flavorId + " could not be found."));
        Map<String, Object> image = glance.image(imageId, token)
                .orElseThrow(() -> ApiException.badRequest("Image " + imageId + " could not be found."));
        checkImage(image, imageId, flavor);

        Keypair keypair = null;
        String keyName = optionalString(fields, "key_name");
        if (keyName != null) {
            keypair = keypairs.find(caller.userId(), keyName).orElseThrow(() -> ApiException.badRequest("Invalid key_name provided."));
        }
        ServerGroup group = null;
        if (hints.get("group") != null) {
            String groupId = String.valueOf(hints.get("group"));
            group = groups.find(groupId).filter(found -> found.projectId().equals(caller.projectId()))
                    .orElseThrow(() -> ApiException.badRequest("Invalid input for field/attribute group. Value: " + groupId
                            + ". Instance group " + groupId + " could not be found."));
        }
        String zone = optionalString(fields, "availability_zone");
        Map<String, Map<String, String>> hostMetadata = hostAggregateMetadata();
        if (zone != null && !zone.equals(DEFAULT_ZONE) && hostMetadata.values().stream().noneMatch(meta -> zone.equals(meta.get("availability_zone")))) {
            throw ApiException.badRequest("The requested availability zone is not available");
        }
        boolean returnReservationId = Boolean.TRUE.equals(fields.get("return_reservation_id"))
                || "true".equalsIgnoreCase(String.valueOf(fields.get("return_reservation_id")));

        String adminPass = fields.get("adminPass") instanceof String given ? given : password();
        List<Instance> created = writeWithinQuota(caller, name, description, imageId, flavor, keypair, userData, zone, group, minCount,
                maxCount, metadata);
        // the scheduler judges reports' freshness itself; what it cannot know is the operator's word
        List<String> disabled = hosts.list().stream().filter(host -> host.disabled() || host.forcedDown()).map(ComputeHost::host).toList();
        Map<String, String> flavorSpecs = flavors.extraSpecs(flavor.flavorId());
        for (Instance instance : created) {
            BuildRequest build = new BuildRequest(instance.uuid(), caller.projectId(), instance.name(), flavor.vcpus(), flavor.memoryMb(),
                    flavor.rootGb(), flavor.ephemeralGb(), flavor.swapMb(), flavorSpecs, imageId, string(image.get("checksum")),
                    number(image.get("size")), imageProperties(image), keypair == null ? null : keypair.publicKey(), userData, token, zone,
                    group == null ? null : group.id(), group == null ? null : group.policy(), disabled, hostMetadata, 1, List.of());
            try {
                rpc.schedule(build, caller);
            } catch (RpcException e) {
                LOG.errorf("cannot cast server %s to the scheduler: %s", instance.uuid(), e.getMessage());
                // those already cast are placed and then found deleted: the conductor has their hosts destroy them
                created.forEach(other -> instances.markDeleted(other.uuid(), Instant.now()));
                throw new ApiException(503, "The scheduler cannot be reached; no server was created.");
            }
        }
        return new Created(created, adminPass, returnReservationId);
    }

    /**
     * What a rebuild sends the server's host: the server as it is, from a new image, checked against the
     * server's flavor as a boot checks it (400 otherwise).
     */
    public BuildRequest rebuildRequest(Instance instance, String imageRef, String token) {
        String imageId = reference(Map.of("imageRef", imageRef), "imageRef");
        Flavor flavor = new Flavor(instance.flavorId(), instance.flavorId(), instance.memoryMb(), instance.vcpus(), instance.rootGb(),
                instance.ephemeralGb(), instance.swapMb(), 1.0, true, false, instance.createdAt());
        Map<String, Object> image = glance.image(imageId, token)
                .orElseThrow(() -> ApiException.badRequest("Image " + imageId + " could not be found."));
        checkImage(image, imageId, flavor);
        return new BuildRequest(instance.uuid(), instance.projectId(), instance.name(), instance.vcpus(), instance.memoryMb(), instance.rootGb(),
                instance.ephemeralGb(), instance.swapMb(), flavors.extraSpecs(instance.flavorId()), imageId, string(image.get("checksum")),
                number(image.get("size")), imageProperties(image), instance.keyData(), instance.userData(), token, instance.availabilityZone(),
                instance.serverGroupId(), null, List.of(), Map.of(), 1, List.of());
    }

    /**
     * The flavor a server is to be resized to, as Nova checks it: one the caller may use, not the server's
     * own, and no smaller a root disk (the quota is checked by {@link #checkResizeQuota}).
     */
    public Flavor resizeFlavor(RequestContext caller, Instance instance, Object flavorRef) {
        if (!(flavorRef instanceof String || flavorRef instanceof Number) || String.valueOf(flavorRef).isBlank()) {
            throw Bodies.invalid("flavorRef", flavorRef, "is not a valid flavor reference");
        }
        String flavorId = String.valueOf(flavorRef);
        Flavor flavor = flavors.find(flavorId, new FlavorRepo.Viewer(caller.hasRole("admin"), caller.projectId()))
                .orElseThrow(() -> ApiException.badRequest("Flavor " + flavorId + " could not be found."));
        if (flavor.flavorId().equals(instance.flavorId())) {
            throw ApiException.badRequest("When resizing, instances must change flavor!");
        }
        if (flavor.rootGb() < instance.rootGb()) {
            throw ApiException.badRequest("Resize error: Unable to resize disk down.");
        }
        return flavor;
    }

    /**
     * 403 when moving the server to {@code flavor}'s sizes would take its project over its cores or RAM
     * quota; call it within {@link #inProjectLock}, before the new sizes are written, so that no other
     * boot or resize of the project fits in the same room meanwhile.
     */
    public void checkResizeQuota(Instance instance, Flavor flavor) {
        Map<String, Integer> limits = quotas.limits(instance.projectId());
        InstanceRepo.Usage usage = instances.usage(instance.projectId());
        long moreCores = Math.max(0, flavor.vcpus() - instance.vcpus());
        long moreRam = Math.max(0, flavor.memoryMb() - instance.memoryMb());
        if (!Quotas.fits(limits.get(Quotas.CORES), usage.cores(), moreCores)) {
            throw ApiException.forbidden("Quota exceeded for cores: Requested " + moreCores + ", but already used " + usage.cores() + " of "
                    + limits.get(Quotas.CORES) + " cores");
        }
        if (!Quotas.fits(limits.get(Quotas.RAM), usage.ramMb(), moreRam)) {
            throw ApiException.forbidden("Quota exceeded for ram: Requested " + moreRam + ", but already used " + usage.ramMb() + " of "
                    + limits.get(Quotas.RAM) + " ram");
        }
    }

    /** {@code work} in a transaction holding the project's quota lock (a row of project_locks, kept until it commits). */
    public <T> T inProjectLock(String project, Supplier<T> work) {
        return db.inTransaction(() -> {
            db.update("INSERT INTO project_locks (project_id) VALUES (?) ON DUPLICATE KEY UPDATE project_id = project_id", project);
            return work.get();
        });
    }

    /**
     * What the server's host needs to start it again at {@code flavor}'s sizes (a resize, or its revert
     * to the old ones): the image's properties if Glance still has the image, none otherwise.
     */
    public BuildRequest resizeRequest(Instance instance, Flavor flavor, String token) {
        Map<String, Object> image = instance.imageRef() == null || instance.imageRef().isEmpty() ? Map.of()
                : glance.image(instance.imageRef(), token).orElse(Map.of());
        return new BuildRequest(instance.uuid(), instance.projectId(), instance.name(), flavor.vcpus(), flavor.memoryMb(), flavor.rootGb(),
                flavor.ephemeralGb(), flavor.swapMb(), flavors.extraSpecs(flavor.flavorId()), instance.imageRef(), null, -1,
                imageProperties(image), instance.keyData(), instance.userData(), token, instance.availabilityZone(), instance.serverGroupId(),
                null, List.of(), Map.of(), 1, List.of());
    }

    private List<Instance> writeWithinQuota(RequestContext caller, String name, String description, String imageId, Flavor flavor,
                                            Keypair keypair,
                                            String userData, String zone, ServerGroup group, int minCount, int maxCount,
                                            Map<String, String> metadata) {
        String project = caller.projectId();
        return inProjectLock(project, () -> {
            Map<String, Integer> limits = quotas.limits(project);
            if (metadata.size() > limits.get(Quotas.METADATA_ITEMS) && limits.get(Quotas.METADATA_ITEMS) >= 0) {
                throw ApiException.forbidden("Quota exceeded for metadata_items: Requested " + metadata.size() + ", but already used 0 of "
                        + limits.get(Quotas.METADATA_ITEMS) + " metadata_items");
            }
            InstanceRepo.Usage usage = instances.usage(project);
            int count = maxCount;
            while (count >= minCount && overQuota(limits, usage, flavor, count) != null) {
                count--;
            }
            if (count < minCount) {
                String over = overQuota(limits, usage, flavor, minCount);
                long used = over.equals(Quotas.INSTANCES) ? usage.instances() : over.equals(Quotas.CORES) ? usage.cores() : usage.ramMb();
                long requested = over.equals(Quotas.INSTANCES) ? minCount : over.equals(Quotas.CORES)
                        ? (long) minCount * flavor.vcpus() : (long) minCount * flavor.memoryMb();
                throw ApiException.forbidden("Quota exceeded for " + over + ": Requested " + requested + ", but already used " + used
                        + " of " + limits.get(over) + " " + over);
            }
            if (group != null) {
                int members = instances.groupMembers(group.id()).size();
                if (!Quotas.fits(limits.get(Quotas.SERVER_GROUP_MEMBERS), members, count)) {
                    throw ApiException.forbidden("Quota exceeded, too many servers in group");
                }
            }
            Instant now = Instant.now();
            String reservation = "r-" + Long.toString(Math.abs(RANDOM.nextLong()), 36);
            List<Instance> written = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                Instance instance = new Instance(UUID.randomUUID().toString(), count > 1 ? name + "-" + (index + 1) : name, project,
                        caller.userId(), imageId, flavor.flavorId(), flavor.vcpus(), flavor.memoryMb(), flavor.rootGb(), flavor.ephemeralGb(),
                        flavor.swapMb(), keypair == null ? null : keypair.name(), keypair == null ? null : keypair.publicKey(), userData,
                        zone, group == null ? null : group.id(), reservation, index, null, "building", "scheduling", 0, null, 0, null, null,
                        now, now, false, description);
                instances.create(instance, metadata);
                instances.startAction(instance.uuid(), "create", caller.requestId() == null ? "-" : caller.requestId(), caller.userId(),
                        project, now);
                written.add(instance);
            }
            return written;
        });
    }

    /** The first resource {@code count} more servers would exceed, or null. */
    private static String overQuota(Map<String, Integer> limits, InstanceRepo.Usage usage, Flavor flavor, int count) {
        if (!Quotas.fits(limits.get(Quotas.INSTANCES), usage.instances(), count)) {
            return Quotas.INSTANCES;
        }
        if (!Quotas.fits(limits.get(Quotas.CORES), usage.cores(), (long) count * flavor.vcpus())) {
            return Quotas.CORES;
        }
        if (!Quotas.fits(limits.get(Quotas.RAM), usage.ramMb(), (long) count * flavor.memoryMb())) {
            return Quotas.RAM;
        }
        return null;
    }

    private static void checkImage(Map<String, Object> image, String imageId, Flavor flavor) {
        if (!"active".equals(image.get("status"))) {
            throw ApiException.badRequest("Image " + imageId + " is not active.");
        }
        long gib = 1024L * 1024 * 1024;
        long flavorDisk = flavor.rootGb() * gib;
        long size = number(image.get("size"));
        long minDisk = number(image.get("min_disk")) * gib;
        if (flavor.rootGb() > 0 && size > flavorDisk) {
            throw ApiException.badRequest("Flavor's disk is too small for requested image. Flavor disk is " + flavorDisk + " bytes, image is "
                    + size + " bytes.");
        }
        if (flavor.rootGb() > 0 && minDisk > flavorDisk) {
            throw ApiException.badRequest("Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is "
                    + flavorDisk + " bytes, minimum size is " + minDisk + " bytes.");
        }
        if (number(image.get("min_ram")) > flavor.memoryMb()) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image.");
        }
    }

    /** The image's own properties (hw_*, architecture, hypervisor_type, ...): the fields Glance adds beside its base ones. */
    private static Map<String, String> imageProperties(Map<String, Object> image) {
        Set<String> base = Set.of("id", "name", "status", "visibility", "protected", "checksum", "os_hash_algo", "os_hash_value", "owner",
                "size", "virtual_size", "min_ram", "min_disk", "created_at", "updated_at", "tags", "self", "file", "schema", "locations",
                "direct_url", "os_hidden", "stores");
        Map<String, String> properties = new HashMap<>();
        image.forEach((key, value) -> {
            if (!base.contains(key) && value != null) {
                properties.put(key, String.valueOf(value));
            }
        });
        return properties;
    }

    /** Each host's aggregates' metadata merged (its availability zone under availability_zone). */
    private Map<String, Map<String, String>> hostAggregateMetadata() {
        Map<String, Map<String, String>> byHost = new HashMap<>();
        for (Aggregate aggregate : aggregates.list()) {
            for (String host : aggregate.hosts()) {
                byHost.computeIfAbsent(host, key -> new HashMap<>()).putAll(aggregate.metadata());
            }
        }
        return byHost;
    }

    /** A server's description (2.19): null, or at most 255 printable characters. */
    public static String description(Map<String, Object> fields) {
        Object value = fields.get("description");
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.length() > 255 || text.codePoints().anyMatch(ServerBuilder::unprintable)) {
            throw Bodies.invalid("description", value, value instanceof String ? "is not a valid description" : "is not of type 'string', 'null'");
        }
        return text;
    }

    /** Nova's rule for descriptions: no character of the Unicode categories C* (control, format, ...), Zl or Zp. */
    private static boolean unprintable(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    public static String name(Map<String, Object> fields) {
        Object value = fields.get("name");
        if (!(value instanceof String text) || text.isBlank() || text.length() > 255 || !text.equals(text.strip())) {
            throw Bodies.invalid("name", value, value == null ? "'name' is a required property" : "is not a valid server name");
        }
        return text;
    }

    private static String reference(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw Bodies.invalid(key, value, value == null ? "'" + key + "' is a required property" : "is not a valid reference");
        }
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static int integer(Map<String, Object> fields, String key, int fallback) {
        Object value = fields.get(key);
        if (value == null) {
            return fallback;
        }
        String text = String.valueOf(value);
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1) {
            throw Bodies.invalid(key, value, "is less than the minimum of 1");
        }
        return Integer.parseInt(text);
    }

    private static String optionalString(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty() || text.length() > 255) {
            throw Bodies.invalid(key, value, "is not a valid " + key);
        }
        return text;
    }

    public static Map<String, String> metadata(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw Bodies.invalid("metadata", value, "is not of type 'object'");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : map.entrySet()) {
            String key = String.valueOf(item.getKey());
            if (key.isEmpty() || key.length() > 255 || !(item.getValue() instanceof String text) || text.length() > 255) {
                throw Bodies.invalid("metadata", value, "keys and values must be strings of at most 255 characters");
            }
            metadata.put(key, text);
        }
        return metadata;
    }

    private static String userData(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.length() > MAX_USER_DATA) {
            throw Bodies.invalid("user_data", "...", "is not a base64 string of at most " + MAX_USER_DATA + " characters");
        }
        try {
            Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("User data needs to be valid base 64.");
        }
        return text;
    }

    private static String password() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wrapped(Map<String, Object> body) {
        if (body == null || !(body.get("server") instanceof Map<?, ?> inner)) {
            throw ApiException.badRequest("Invalid input for field/attribute server. Value: None. 'server' is a required property");
        }
        return (Map<String, Object>) inner;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
