package io.stratus.glance.api.service;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.glance.api.config.GlanceConfig;
import io.stratus.glance.api.registry.RegistryClient;
import io.stratus.glance.api.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Image records as the Image API v2 lets each caller see and change them: visibility, ownership,
 * Glance's read-only and reserved attributes, members, tags, quotas. Image bytes are {@link ImageData}'s.
 */
@ApplicationScoped
public class ImageService {

    public static final Set<String> DISK_FORMATS = Set.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    public static final Set<String> CONTAINER_FORMATS = Set.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    public static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
    /** Attributes the server sets: a client naming them gets 403. */
    public static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value",
            "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations", "id", "os_glance_import_task");
    /** Attributes a client may not use as custom properties either. */
    static final Set<String> RESERVED = Set.of("deleted", "deleted_at", "location", "stores");
    /** Base attributes a client may set. */
    static final Set<String> BASE = Set.of("name", "visibility", "protected", "os_hidden", "disk_format", "container_format",
            "min_disk", "min_ram", "owner", "tags");

    @Inject
    RegistryClient registry;

    @Inject
    GlanceConfig config;

    @Inject
    Stores stores;

    // ------------------------------------------------------------------ who sees what

    /** The image if the caller may see it; 404 otherwise, as if it did not exist. */
    public Map<String, Object> visible(String id, RequestContext caller) {
        Map<String, Object> image = registry.get(id);
        if (!canSee(image, caller)) {
            throw ApiException.notFound("No image found with ID " + id);
        }
        return image;
    }

    /** The image if the caller owns it (or is admin): 404 if it cannot even see it, 403 if it only sees it. */
    public Map<String, Object> owned(String id, RequestContext caller, String action) {
        Map<String, Object> image = visible(id, caller);
        if (!isOwner(image, caller)) {
            throw ApiException.forbidden("You are not authorized to complete " + action + " action.");
        }
        return image;
    }

    boolean canSee(Map<String, Object> image, RequestContext caller) {
        if (isOwner(image, caller)) {
            return true;
        }
        String visibility = (String) image.get("visibility");
        if (visibility.equals("public") || visibility.equals("community")) {
            return true;
        }
        return visibility.equals("shared") && memberStatus(image, caller) != null;
    }

    static boolean isAdmin(RequestContext caller) {
        return caller.hasRole("admin");
    }

    static boolean isOwner(Map<String, Object> image, RequestContext caller) {
        return isAdmin(caller) || (caller.projectId() != null && caller.projectId().equals(image.get("owner")));
    }

    /** The caller's member status on a shared image, or null when it is not a member. */
    String memberStatus(Map<String, Object> image, RequestContext caller) {
        if (caller.projectId() == null) {
            return null;
        }
        try {
            return (String) registry.member((String) image.get("id"), caller.projectId()).get("status");
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ records

    public Map<String, Object> create(Map<String, Object> body, RequestContext caller) {
        for (String name : body.keySet()) {
            if (READ_ONLY.contains(name) && !name.equals("id")) {
                throw ApiException.forbidden("Attribute '" + name + "' is read-only.");
            }
            if (RESERVED.contains(name)) {
                throw ApiException.forbidden("Attribute '" + name + "' is reserved.");
            }
        }
        String id = body.get("id") == null ? UUID.randomUUID().toString() : validId(body.get("id"));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> tags = List.of();
        values.put("visibility", "shared");
        values.put("owner", caller.projectId());
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String name = entry.getKey();
            if (name.equals("id")) {
                continue;
            }
            if (name.equals("tags")) {
                tags = tags(entry.getValue());
            } else if (BASE.contains(name)) {
                values.put(name, baseValue(name, entry.getValue(), caller));
            } else {
                properties.put(validPropertyName(name), propertyValue(name, entry.getValue()));
            }
        }
        values.put("status", "queued");
        checkImageCount(caller);
        return registry.create(id, values, properties, tags);
    }

    public List<Map<String, Object>> list(Map<String, List<String>> filters, RequestContext caller) {
        Map<String, List<String>> query = new LinkedHashMap<>(filters);
        query.put("project", List.of(caller.projectId() == null ? "" : caller.projectId()));
        query.put("admin", List.of(Boolean.toString(isAdmin(caller))));
        return registry.list(query);
    }

    /** Applies a JSON patch (add, replace, remove) to the image's attributes, tags and custom properties. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patch(String id, List<Map<String, Object>> operations, RequestContext caller) {
        Map<String, Object> image = owned(id, caller, "modify_image");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> properties = new HashMap<>((Map<String, String>) image.get("properties"));
        Map<String, String> propertyChanges = new LinkedHashMap<>();
        List<String> tags = null;
        for (Map<String, Object> operation : operations) {
            String op = String.valueOf(operation.get("op"));
            Object pathValue = operation.get("path");
            if (!(pathValue instanceof String path) || !path.startsWith("/") || path.length() < 2) {
                throw ApiException.badRequest("Invalid JSON pointer for this resource: '" + pathValue + "'");
            }
            String name = path.substring(1).replace("~1", "/").replace("~0", "~");
            if (!Set.of("add", "replace", "remove").contains(op)) {
                throw ApiException.badRequest("Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\".");
            }
            if (READ_ONLY.contains(name)) {
                throw ApiException.forbidden("Attribute '" + name + "' is read-only.");
            }
            if (RESERVED.contains(name)) {
                throw ApiException.forbidden("Attribute '" + name + "' is reserved.");
            }
            Object value = operation.get("value");
            if (name.equals("tags")) {
                tags = op.equals("remove") ? List.of() : tags(value);
            } else if (BASE.contains(name)) {
                if (op.equals("remove")) {
                    throw ApiException.forbidden("Attribute '" + name + "' is reserved.");
                }
                values.put(name, baseValue(name, value, caller));
            } else {
                validPropertyName(name);
                boolean exists = properties.containsKey(name);
                if (op.equals("remove") || op.equals("replace")) {
                    if (!exists) {
                        throw ApiException.conflict("Property " + name + " does not exist.");
                    }
                }
                if (op.equals("remove")) {
                    properties.remove(name);
                    propertyChanges.put(name, null);
                } else {
                    String text = propertyValue(name, value);
                    properties.put(name, text);
                    propertyChanges.put(name, text);
                }
            }
        }
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("values", values);
        change.put("properties", propertyChanges);
        if (tags != null) {
            change.put("tags", tags);
        }
        return registry.update(id, change);
    }

    public void delete(String id, RequestContext caller) {
        Map<String, Object> image = owned(id, caller, "delete_image");
        if (Boolean.TRUE.equals(image.get("protected"))) {
            throw ApiException.forbidden("Image " + id + " is protected and cannot be deleted.");
        }
        registry.delete(id);
        stores.forget(id, locations(image));
    }

    public void deactivate(String id, RequestContext caller, boolean deactivate) {
        Map<String, Object> image = owned(id, caller, deactivate ? "deactivate" : "reactivate");
        String status = (String) image.get("status");
        String from = deactivate ? "active" : "deactivated";
        String to = deactivate ? "deactivated" : "active";
        if (status.equals(to)) {
            return;
        }
        if (!status.equals(from)) {
            throw ApiException.forbidden("Not allowed to " + (deactivate ? "deactivate" : "reactivate") + " image in status '" + status + "'");
        }
        registry.update(id, Map.of("expect_status", List.of(from), "values", Map.of("status", to)));
    }

    public void addTag(String id, String tag, RequestContext caller) {
        owned(id, caller, "modify_image");
        tags(List.of(tag));
        registry.addTag(id, tag);
    }

    public void removeTag(String id, String tag, RequestContext caller) {
        owned(id, caller, "modify_image");
        registry.removeTag(id, tag);
    }

    // ------------------------------------------------------------------ members

    public List<Map<String, Object>> members(String id, RequestContext caller) {
        Map<String, Object> image = visible(id, caller);
        requireShared(image);
        List<Map<String, Object>> members = registry.members(id);
        if (isOwner(image, caller)) {
            return members;
        }
        return members.stream().filter(m -> caller.projectId().equals(m.get("member_id"))).toList();
    }

    public Map<String, Object> member(String id, String member, RequestContext caller) {
        Map<String, Object> image = visible(id, caller);
        if (!isOwner(image, caller) && !member.equals(caller.projectId())) {
            throw ApiException.notFound("Member " + member + " not found for image " + id);
        }
        return registry.member(id, member);
    }

    public Map<String, Object> addMember(String id, String member, RequestContext caller) {
        Map<String, Object> image = owned(id, caller, "add_member");
        requireShared(image);
        if (member == null || member.isBlank()) {
            throw ApiException.badRequest("Member to be added not specified");
        }
        return registry.addMember(id, member);
    }

    public Map<String, Object> setMemberStatus(String id, String member, String status, RequestContext caller) {
        visible(id, caller);
        if (!member.equals(caller.projectId())) {
            throw ApiException.forbidden("You are not permitted to modify 'status' on this image member.");
        }
        if (!List.of("pending", "accepted", "rejected").contains(status)) {
            throw ApiException.badRequest("Invalid status: " + status);
        }
        return registry.setMemberStatus(id, member, status);
    }

    public void removeMember(String id, String member, RequestContext caller) {
        Map<String, Object> image = owned(id, caller, "delete_member");
        requireShared(image);
        registry.removeMember(id, member);
    }

    private static void requireShared(Map<String, Object> image) {
        if (!"shared".equals(image.get("visibility"))) {
            throw ApiException.forbidden("Only shared images have members.");
        }
    }

    // ------------------------------------------------------------------ quotas

    private void checkImageCount(RequestContext caller) {
        if (config.imageCountTotal() < 0 || caller.projectId() == null) {
            return;
        }
        long owned = ((Number) registry.usage(caller.projectId()).get("images")).longValue();
        if (owned >= config.imageCountTotal()) {
            throw new ApiException(413, "Attempted: " + (owned + 1) + ", Maximum: " + config.imageCountTotal()
                    + " (image_count_total quota exceeded)");
        }
    }

    /** Bytes the project may still store (Long.MAX_VALUE without a quota). */
    long remainingBytes(String project) {
        if (config.imageSizeTotal() < 0 || project == null) {
            return Long.MAX_VALUE;
        }
        long used = ((Number) registry.usage(project).get("bytes")).longValue();
        return Math.max(0, config.imageSizeTotal() - used);
    }

    // ------------------------------------------------------------------ input

    @SuppressWarnings("unchecked")
    static List<String> locations(Map<String, Object> image) {
        List<String> urls = new ArrayList<>();
        for (Map<String, Object> location : (List<Map<String, Object>>) image.getOrDefault("locations", List.of())) {
            urls.add((String) location.get("url"));
        }
        return urls;
    }

    private static String validId(Object id) {
        try {
            return UUID.fromString(String.valueOf(id)).toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id " + id + " is not a valid UUID");
        }
    }

    private static Object baseValue(String name, Object value, RequestContext caller) {
        switch (name) {
            case "name":
                if (value != null && (!(value instanceof String text) || text.length() > 255)) {
                    throw ApiException.badRequest("Invalid value for name: a string of at most 255 characters");
                }
                return value;
            case "visibility":
                if (!VISIBILITIES.contains(String.valueOf(value))) {
                    throw ApiException.badRequest("Invalid visibility value: " + value);
                }
                if (value.equals("public") && !isAdmin(caller)) {
                    throw ApiException.forbidden("You are not authorized to complete publicize_image action.");
                }
                return value;
            case "protected":
            case "os_hidden":
                if (!(value instanceof Boolean)) {
                    throw ApiException.badRequest("Invalid value for " + name + ": " + value + " is not a boolean");
                }
                return value;
            case "disk_format":
                if (value != null && !DISK_FORMATS.contains(String.valueOf(value))) {
                    throw ApiException.badRequest("Invalid value '" + value + "' for parameter 'disk_format': must be one of "
                            + String.join(", ", new java.util.TreeSet<>(DISK_FORMATS)));
                }
                return value;
            case "container_format":
                if (value != null && !CONTAINER_FORMATS.contains(String.valueOf(value))) {
                    throw ApiException.badRequest("Invalid value '" + value + "' for parameter 'container_format': must be one of "
                            + String.join(", ", new java.util.TreeSet<>(CONTAINER_FORMATS)));
                }
                return value;
            case "min_disk":
            case "min_ram":
                if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
                        || ((Number) value).longValue() > Integer.MAX_VALUE) {
                    throw ApiException.badRequest("Invalid value for " + name + ": a non-negative integer is expected");
                }
                return value;
            case "owner":
                if (!isAdmin(caller) && (value == null || !value.equals(caller.projectId()))) {
                    throw ApiException.forbidden("Attribute 'owner' can be set by administrators only.");
                }
                if (value != null && (!(value instanceof String text) || text.length() > 255)) {
                    throw ApiException.badRequest("Invalid value for owner");
                }
                return value;
            default:
                throw ApiException.badRequest("unknown attribute " + name);
        }
    }

    private static List<String> tags(Object value) {
        if (!(value instanceof List<?> list)) {
            throw ApiException.badRequest("tags must be a list of strings");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (Object tag : list) {
            if (!(tag instanceof String text) || text.isEmpty() || text.length() > 255) {
                throw ApiException.badRequest("Invalid tag: " + tag + " (a string of 1 to 255 characters)");
            }
            unique.add(text);
        }
        return new ArrayList<>(unique);
    }

    private static String validPropertyName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            throw ApiException.badRequest("Property names are 1 to 255 characters");
        }
        return name;
    }

    private static String propertyValue(String name, Object value) {
        if (!(value instanceof String text)) {
            throw ApiException.badRequest("Invalid value for property " + name + ": " + value + " is not a string");
        }
        if (text.length() > 65535) {
            throw ApiException.badRequest("Property " + name + " is too long");
        }
        return text;
    }
}
