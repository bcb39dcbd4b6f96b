package io.stratus.glance.registry.repo;

import io.stratus.common.error.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which images one caller sees in a listing, as Glance decides it: visibility rules for the caller's
 * project (admins see everything unless they filter), the API's filters, sort keys, and a page after
 * a marker image (keyset paging on the sort keys, then the id).
 */
public record ImageQuery(String callerProject, boolean admin, String visibility, String memberStatus,
                         Map<String, String> equal, List<String> tags, Long sizeMin, Long sizeMax,
                         List<TimeFilter> times, Map<String, String> properties, Boolean osHidden,
                         List<Sort> sort, int limit, String marker) {

    /** `created_at=gte:2016-01-01T00:00:00Z` and the like. */
    public record TimeFilter(String column, String operator, Instant value) {
    }

    public record Sort(String key, boolean ascending) {
    }

    /** Filters by equality on these base fields. */
    public static final Set<String> EQUAL_FILTERS = Set.of("id", "name", "status", "owner", "container_format", "disk_format");
    /** Keys images can be sorted by; text ones sort empty first, as NULL does in MariaDB. */
    public static final Map<String, String> SORT_KEYS = sortKeys();
    public static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community", "all");
    public static final Set<String> MEMBER_STATUSES = Set.of("accepted", "pending", "rejected", "all");

    private static Map<String, String> sortKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String text : List.of("name", "status", "container_format", "disk_format", "visibility", "owner", "id")) {
            keys.put(text, "COALESCE(i." + text + ", '')");
        }
        for (String number : List.of("size", "virtual_size", "min_disk", "min_ram")) {
            keys.put(number, "COALESCE(i." + number + ", -1)");
        }
        keys.put("created_at", "i.created_at");
        keys.put("updated_at", "i.updated_at");
        return keys;
    }

    public ImageQuery {
        for (Sort s : sort) {
            if (!SORT_KEYS.containsKey(s.key())) {
                throw ApiException.badRequest("Invalid sort key: " + s.key() + ". Must be one of: " + String.join(", ", SORT_KEYS.keySet()));
            }
        }
        if (visibility != null && !VISIBILITIES.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        if (!MEMBER_STATUSES.contains(memberStatus)) {
            throw ApiException.badRequest("Invalid status value: " + memberStatus);
        }
    }

    /** The WHERE clause (without the keyword), its arguments appended to {@code args}. */
    String where(List<Object> args) {
        List<String> conditions = new ArrayList<>(List.of("i.deleted = FALSE"));
        String visible = visibleTo(args);
        if (visible != null) {
            conditions.add(visible);
        }
        equal.forEach((field, value) -> {
            if (!EQUAL_FILTERS.contains(field)) {
                throw ApiException.badRequest("unknown filter " + field);
            }
            conditions.add("i." + field + " = ?");
            args.add(value);
        });
        for (String tag : tags) {
            conditions.add("EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.value = ?)");
            args.add(tag);
        }
        if (sizeMin != null) {
            conditions.add("i.size >= ?");
            args.add(sizeMin);
        }
        if (sizeMax != null) {
            conditions.add("i.size <= ?");
            args.add(sizeMax);
        }
        for (TimeFilter time : times) {
            String op = switch (time.operator()) {
                case "gt" -> ">";
                case "gte" -> ">=";
                case "lt" -> "<";
                case "lte" -> "<=";
                case "eq" -> "=";
                case "neq" -> "<>";
                default -> throw ApiException.badRequest("Invalid operator " + time.operator() + " for " + time.column());
            };
            if (!time.column().equals("created_at") && !time.column().equals("updated_at")) {
                throw ApiException.badRequest("unknown time filter " + time.column());
            }
            conditions.add("i." + time.column() + " " + op + " ?");
            args.add(time.value());
        }
        properties.forEach((name, value) -> {
            conditions.add("EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = i.id AND p.name = ? AND p.value = ?)");
            args.add(name);
            args.add(value);
        });
        if (osHidden != null) {
            conditions.add("i.os_hidden = ?");
            args.add(osHidden);
        }
        return String.join(" AND ", conditions);
    }

    private String visibleTo(List<Object> args) {
        if (admin && (visibility == null || visibility.equals("all"))) {
            return null;
        }
        if (visibility == null) {
            // Glance's default listing: public, the project's own, and shared ones it accepted; community only when asked for
            args.add(callerProject);
            String member = memberOf(args);
            return "(i.visibility = 'public' OR i.owner = ? OR " + member + ")";
        }
        switch (visibility) {
            case "public":
                return "i.visibility = 'public'";
            case "community":
                return "i.visibility = 'community'";
            case "private":
                if (admin) {
                    return "i.visibility = 'private'";
                }
                args.add(callerProject);
                return "(i.visibility = 'private' AND i.owner = ?)";
            case "shared":
                if (admin) {
                    return "i.visibility = 'shared'";
                }
                args.add(callerProject);
                String sharedMember = memberOf(args);
                return "(i.visibility = 'shared' AND (i.owner = ? OR " + sharedMember + "))";
            default: // all, not admin
                args.add(callerProject);
                String anyMember = memberOf(args);
                return "(i.visibility IN ('public', 'community') OR i.owner = ? OR " + anyMember + ")";
        }
    }

    private String memberOf(List<Object> args) {
        args.add(callerProject);
        if (memberStatus.equals("all")) {
            return "(i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id AND m.member = ?))";
        }
        args.add(memberStatus);
        return "(i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id AND m.member = ? AND m.status = ?))";
    }

    private List<Sort> effectiveSort() {
        List<Sort> keys = new ArrayList<>(sort.isEmpty() ? List.of(new Sort("created_at", false)) : sort);
        if (keys.stream().noneMatch(s -> s.key().equals("id"))) {
            keys.add(new Sort("id", keys.get(keys.size() - 1).ascending()));
        }
        return keys;
    }

    String orderBy() {
        List<String> parts = new ArrayList<>();
        for (Sort s : effectiveSort()) {
            parts.add(SORT_KEYS.get(s.key()) + (s.ascending() ? " ASC" : " DESC"));
        }
        return String.join(", ", parts);
    }

    /** The rows after the marker in sort order: (k1 after) OR (k1 = AND k2 after) OR ... */
    String after(Map<String, Object> marker, List<Object> args) {
        List<Sort> keys = effectiveSort();
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(SORT_KEYS.get(keys.get(j).key()) + " = ?");
                args.add(markerValue(marker, keys.get(j).key()));
            }
            Sort s = keys.get(i);
            terms.add(SORT_KEYS.get(s.key()) + (s.ascending() ? " > ?" : " < ?"));
            args.add(markerValue(marker, s.key()));
            alternatives.add("(" + String.join(" AND ", terms) + ")");
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    private static Object markerValue(Map<String, Object> marker, String key) {
        Object value = marker.get(key);
        if (key.equals("created_at") || key.equals("updated_at")) {
            return Instant.parse((String) value);
        }
        if (value == null) {
            return SORT_KEYS.get(key).endsWith("-1)") ? -1L : "";
        }
        return value;
    }
}
