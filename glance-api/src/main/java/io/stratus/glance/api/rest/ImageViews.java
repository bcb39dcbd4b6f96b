package io.stratus.glance.api.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records as the Image API shows them: base attributes, custom properties at the top level, links. */
final class ImageViews {

    static final List<String> BASE = List.of("id", "name", "status", "visibility", "protected", "os_hidden", "checksum",
            "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "min_ram", "min_disk", "disk_format",
            "container_format", "created_at", "updated_at", "tags");

    private ImageViews() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> image(Map<String, Object> record) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String name : BASE) {
            view.put(name, record.get(name));
        }
        ((Map<String, Object>) record.getOrDefault("properties", Map.of())).forEach(view::putIfAbsent);
        String self = "/v2/images/" + record.get("id");
        view.put("self", self);
        view.put("file", self + "/file");
        view.put("schema", "/v2/schemas/image");
        return view;
    }

    static Map<String, Object> member(Map<String, Object> record) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String name : List.of("member_id", "image_id", "status", "created_at", "updated_at")) {
            view.put(name, record.get(name));
        }
        view.put("schema", "/v2/schemas/member");
        return view;
    }
}
