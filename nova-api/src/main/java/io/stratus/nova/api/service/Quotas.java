package io.stratus.nova.api.service;

import io.stratus.nova.api.repo.QuotaRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nova's quotas: the defaults, and each project's limits with its overrides (-1 is unlimited). */
@ApplicationScoped
public class Quotas {

    public static final String INSTANCES = "instances";
    public static final String CORES = "cores";
    public static final String RAM = "ram";
    public static final String KEY_PAIRS = "key_pairs";
    public static final String SERVER_GROUPS = "server_groups";
    public static final String SERVER_GROUP_MEMBERS = "server_group_members";
    public static final String METADATA_ITEMS = "metadata_items";
    public static final String INJECTED_FILES = "injected_files";
    public static final String INJECTED_FILE_CONTENT_BYTES = "injected_file_content_bytes";
    public static final String INJECTED_FILE_PATH_BYTES = "injected_file_path_bytes";

    /** Nova's defaults, in the order the API lists them. */
    public static final Map<String, Integer> DEFAULTS;

    static {
        Map<String, Integer> defaults = new LinkedHashMap<>();
        defaults.put(CORES, 20);
        defaults.put(INSTANCES, 10);
        defaults.put(KEY_PAIRS, 100);
        defaults.put(METADATA_ITEMS, 128);
        defaults.put(RAM, 51200);
        defaults.put(SERVER_GROUPS, 10);
        defaults.put(SERVER_GROUP_MEMBERS, 10);
        defaults.put(INJECTED_FILES, 5);
        defaults.put(INJECTED_FILE_CONTENT_BYTES, 10240);
        defaults.put(INJECTED_FILE_PATH_BYTES, 255);
        DEFAULTS = java.util.Collections.unmodifiableMap(defaults);
    }

    @Inject
    QuotaRepo repo;

    public Map<String, Integer> limits(String projectId) {
        Map<String, Integer> limits = new LinkedHashMap<>(DEFAULTS);
        repo.overrides(projectId).forEach((resource, limit) -> {
            if (limits.containsKey(resource)) {
                limits.put(resource, limit);
            }
        });
        return limits;
    }

    public int limit(String projectId, String resource) {
        return limits(projectId).get(resource);
    }

    /** Whether {@code used + requested} stays within {@code limit}. */
    public static boolean fits(int limit, long used, long requested) {
        return limit < 0 || used + requested <= limit;
    }
}
