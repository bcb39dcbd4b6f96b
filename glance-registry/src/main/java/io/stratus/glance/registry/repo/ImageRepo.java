package io.stratus.glance.registry.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Image records in MariaDB: base columns, custom properties, tags, members and locations. Records
 * travel as maps in the Image API's own field names, so glance-api adds only what is API-specific.
 */
public final class ImageRepo {

    /** Base columns a caller may set, with their SQL type kind. */
    static final Map<String, Kind> COLUMNS = Map.ofEntries(
            Map.entry("name", Kind.TEXT), Map.entry("owner", Kind.TEXT), Map.entry("status", Kind.TEXT),
            Map.entry("visibility", Kind.TEXT), Map.entry("size", Kind.LONG), Map.entry("virtual_size", Kind.LONG),
            Map.entry("disk_format", Kind.TEXT), Map.entry("container_format", Kind.TEXT), Map.entry("checksum", Kind.TEXT),
            Map.entry("os_hash_algo", Kind.TEXT), Map.entry("os_hash_value", Kind.TEXT), Map.entry("min_disk", Kind.LONG),
            Map.entry("min_ram", Kind.LONG), Map.entry("protected", Kind.BOOL), Map.entry("os_hidden", Kind.BOOL));

    enum Kind { TEXT, LONG, BOOL }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT id, name, owner, status, visibility, size, virtual_size, disk_format, container_format, "
            + "checksum, os_hash_algo, os_hash_value, min_disk, min_ram, protected, os_hidden, created_at, updated_at FROM images i ";

    private final Db db;
    private final Clock clock;

    public ImageRepo(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a record from base fields, `properties`, `tags`; the id is the caller's. */
    public Map<String, Object> create(String id, Map<String, Object> values, Map<String, String> properties, List<String> tags) {
        Instant now = now();
        return db.inTransaction(() -> {
            List<String> names = new ArrayList<>(List.of("id", "created_at", "updated_at"));
            List<Object> args = new ArrayList<>(List.of(id, now, now));
            values.forEach((name, value) -> {
                names.add(column(name));
                args.add(sqlValue(name, value));
            });
            try {
                db.update("INSERT INTO images (" + String.join(", ", names) + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)",
                        args.toArray());
            } catch (Db.DuplicateException e) {
                throw ApiException.conflict("An image with identifier " + id + " already exists");
            }
            properties.forEach((name, value) -> setProperty(id, name, value));
            for (String tag : tags) {
                db.update("INSERT IGNORE INTO image_tags (image_id, value) VALUES (?, ?)", id, tag);
            }
            return find(id).orElseThrow();
        });
    }

    public Optional<Map<String, Object>> find(String id) {
        Optional<Map<String, Object>> image = db.one(SELECT + "WHERE id = ? AND deleted = FALSE", ImageRepo::base, id);
        image.ifPresent(this::addDetails);
        return image;
    }

    /**
     * Changes a record; with {@code expectStatus} only while its status is one of those (else 409,
     * naming the status it has). Properties mapped to null are removed.
     */
    public Map<String, Object> update(String id, Set<String> expectStatus, Map<String, Object> values, Map<String, String> properties,
                                      List<Map<String, Object>> locations, List<String> tags) {
        return db.inTransaction(() -> {
            Map<String, Object> current = db.one(SELECT + "WHERE id = ? AND deleted = FALSE FOR UPDATE", ImageRepo::base, id)
                    .orElseThrow(() -> ApiException.notFound("No image found with ID " + id));
            if (expectStatus != null && !expectStatus.isEmpty() && !expectStatus.contains((String) current.get("status"))) {
                throw ApiException.conflict("Image status is " + current.get("status") + ", not " + String.join(" or ", expectStatus));
            }
            List<String> sets = new ArrayList<>(List.of("updated_at = ?"));
            List<Object> args = new ArrayList<>(List.of(now()));
            values.forEach((name, value) -> {
                sets.add(column(name) + " = ?");
                args.add(sqlValue(name, value));
            });
            args.add(id);
            db.update("UPDATE images SET " + String.join(", ", sets) + " WHERE id = ?", args.toArray());
            properties.forEach((name, value) -> {
                if (value == null) {
                    db.update("DELETE FROM image_properties WHERE image_id = ? AND name = ?", id, name);
                } else {
                    setProperty(id, name, value);
                }
            });
            if (locations != null) {
                db.update("DELETE FROM image_locations WHERE image_id = ?", id);
                for (Map<String, Object> location : locations) {
                    db.update("INSERT INTO image_locations (image_id, url, metadata) VALUES (?, ?, ?)", id, location.get("url"),
                            json(location.getOrDefault("metadata", Map.of())));
                }
            }
            if (tags != null) {
                db.update("DELETE FROM image_tags WHERE image_id = ?", id);
                for (String tag : tags) {
                    db.update("INSERT IGNORE INTO image_tags (image_id, value) VALUES (?, ?)", id, tag);
                }
            }
            return find(id).orElseThrow();
        });
    }

    /** Marks a record deleted (its members, tags and properties go with it); false if there was none. */
    public boolean delete(String id) {
        Instant now = now();
        return db.inTransaction(() -> {
            int changed = db.update("UPDATE images SET deleted = TRUE, deleted_at = ?, status = 'deleted', updated_at = ? "
                    + "WHERE id = ? AND deleted = FALSE", now, now, id);
            if (changed > 0) {
                db.update("DELETE FROM image_members WHERE image_id = ?", id);
                db.update("DELETE FROM image_locations WHERE image_id = ?", id);
            }
            return changed > 0;
        });
    }

    public void addTag(String id, String tag) {
        db.update("INSERT IGNORE INTO image_tags (image_id, value) VALUES (?, ?)", id, tag);
        touch(id);
    }

    public boolean removeTag(String id, String tag) {
        boolean removed = db.update("DELETE FROM image_tags WHERE image_id = ? AND value = ?", id, tag) > 0;
        touch(id);
        return removed;
    }

    /** Images of one project that count against its quota: their number and bytes. */
    public Map<String, Object> usage(String project) {
        return db.one("SELECT COUNT(*) AS images, COALESCE(SUM(size), 0) AS bytes FROM images WHERE owner = ? AND deleted = FALSE",
                row -> Map.<String, Object>of("images", row.getLong("images"), "bytes", row.getLong("bytes")), project).orElseThrow();
    }

    // ------------------------------------------------------------------ members

    public List<Map<String, Object>> members(String imageId) {
        return db.list("SELECT image_id, member, status, created_at, updated_at FROM image_members WHERE image_id = ? ORDER BY created_at, member",
                ImageRepo::member, imageId);
    }

    public Optional<Map<String, Object>> member(String imageId, String member) {
        return db.one("SELECT image_id, member, status, created_at, updated_at FROM image_members WHERE image_id = ? AND member = ?",
                ImageRepo::member, imageId, member);
    }

    public Map<String, Object> addMember(String imageId, String member) {
        Instant now = now();
        try {
            db.update("INSERT INTO image_members (image_id, member, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)",
                    imageId, member, now, now);
        } catch (Db.DuplicateException e) {
            throw ApiException.conflict("Member " + member + " already exists for image " + imageId);
        }
        return member(imageId, member).orElseThrow();
    }

    public Map<String, Object> setMemberStatus(String imageId, String member, String status) {
        if (db.update("UPDATE image_members SET status = ?, updated_at = ? WHERE image_id = ? AND member = ?", status, now(), imageId,
                member) == 0) {
            throw ApiException.notFound("Member " + member + " not found for image " + imageId);
        }
        return member(imageId, member).orElseThrow();
    }

    public boolean removeMember(String imageId, String member) {
        return db.update("DELETE FROM image_members WHERE image_id = ? AND member = ?", imageId, member) > 0;
    }

    // ------------------------------------------------------------------ listing

    /** One page of images as {@link ImageQuery} selects them. */
    public List<Map<String, Object>> list(ImageQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        String order = query.orderBy();
        String page = "";
        if (query.marker() != null) {
            Map<String, Object> marker = db.one(SELECT + "WHERE id = ? AND deleted = FALSE", ImageRepo::base, query.marker())
                    .orElseThrow(() -> ApiException.badRequest("marker " + query.marker() + " could not be found"));
            page = " AND " + query.after(marker, args);
        }
        args.add(query.limit());
        List<Map<String, Object>> images = db.list(SELECT + "WHERE " + where + page + " ORDER BY " + order + " LIMIT ?",
                ImageRepo::base, args.toArray());
        images.forEach(this::addDetails);
        return images;
    }

    // ------------------------------------------------------------------ helpers

    private void addDetails(Map<String, Object> image) {
        String id = (String) image.get("id");
        Map<String, String> properties = new LinkedHashMap<>();
        db.list("SELECT name, value FROM image_properties WHERE image_id = ? ORDER BY name", row -> {
            properties.put(row.getString("name"), row.getString("value"));
            return null;
        }, id);
        image.put("properties", properties);
        image.put("tags", db.list("SELECT value FROM image_tags WHERE image_id = ? ORDER BY value", row -> row.getString("value"), id));
        image.put("locations", db.list("SELECT url, metadata FROM image_locations WHERE image_id = ? ORDER BY id", row -> {
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("url", row.getString("url"));
            location.put("metadata", parse(row.getString("metadata")));
            return location;
        }, id));
    }

    private void setProperty(String id, String name, String value) {
        db.update("INSERT INTO image_properties (image_id, name, value) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)",
                id, name, value);
    }

    private void touch(String id) {
        db.update("UPDATE images SET updated_at = ? WHERE id = ?", now(), id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String column(String name) {
        if (!COLUMNS.containsKey(name)) {
            throw ApiException.badRequest("unknown image field " + name);
        }
        return name;
    }

    private static Object sqlValue(String name, Object value) {
        if (value == null) {
            return null;
        }
        return switch (COLUMNS.get(name)) {
            case TEXT -> value.toString();
            case LONG -> value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
            case BOOL -> value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
        };
    }

    static Map<String, Object> base(ResultSet row) throws SQLException {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", row.getString("id"));
        image.put("name", row.getString("name"));
        image.put("owner", row.getString("owner"));
        image.put("status", row.getString("status"));
        image.put("visibility", row.getString("visibility"));
        image.put("size", nullableLong(row, "size"));
        image.put("virtual_size", nullableLong(row, "virtual_size"));
        image.put("disk_format", row.getString("disk_format"));
        image.put("container_format", row.getString("container_format"));
        image.put("checksum", row.getString("checksum"));
        image.put("os_hash_algo", row.getString("os_hash_algo"));
        image.put("os_hash_value", row.getString("os_hash_value"));
        image.put("min_disk", row.getInt("min_disk"));
        image.put("min_ram", row.getInt("min_ram"));
        image.put("protected", row.getBoolean("protected"));
        image.put("os_hidden", row.getBoolean("os_hidden"));
        image.put("created_at", Db.instant(row, "created_at").toString());
        image.put("updated_at", Db.instant(row, "updated_at").toString());
        return image;
    }

    private static Map<String, Object> member(ResultSet row) throws SQLException {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("image_id", row.getString("image_id"));
        member.put("member_id", row.getString("member"));
        member.put("status", row.getString("status"));
        member.put("created_at", Db.instant(row, "created_at").toString());
        member.put("updated_at", Db.instant(row, "updated_at").toString());
        return member;
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("location metadata is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
