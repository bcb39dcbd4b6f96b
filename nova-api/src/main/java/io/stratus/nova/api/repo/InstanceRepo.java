package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Servers, their metadata, faults and actions (schema nova). */
public final class InstanceRepo {

    /** What a server list may be narrowed to; null fields do not narrow. */
    public record Query(String projectId, String name, String status, String host, String imageRef, String flavorId,
                        Instant changesSince, boolean includeDeleted, String marker, int limit) {
    }

    /** What a project has in use, for quotas and limits. */
    public record Usage(int instances, int cores, int ramMb) {
    }

    public record Fault(int code, String message, String details, String host, Instant createdAt) {
    }

    public record Action(String action, String instanceUuid, String requestId, String userId, String projectId, String message,
                         Instant startTime, Instant finishTime) {
    }

    private static final String COLUMNS = "uuid, name, project_id, user_id, image_ref, flavor_id, vcpus, memory_mb, root_gb, ephemeral_gb, "
            + "swap_mb, key_name, key_data, user_data, availability_zone, server_group_id, reservation_id, launch_index, host, vm_state, "
            + "task_state, power_state, locked_by, build_attempts, launched_at, terminated_at, created_at, updated_at, deleted, description";

    private final Db db;

    public InstanceRepo(Db db) {
        this.db = db;
    }

    public void create(Instance instance, Map<String, String> metadata) {
        db.inTransaction(() -> {
            db.update("INSERT INTO instances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    instance.uuid(), instance.name(), instance.projectId(), instance.userId(), instance.imageRef(), instance.flavorId(),
                    instance.vcpus(), instance.memoryMb(), instance.rootGb(), instance.ephemeralGb(), instance.swapMb(), instance.keyName(),
                    instance.keyData(), instance.userData(), instance.availabilityZone(), instance.serverGroupId(), instance.reservationId(),
                    instance.launchIndex(), instance.host(), instance.vmState(), instance.taskState(), instance.powerState(),
                    instance.lockedBy(), instance.buildAttempts(), instance.launchedAt(), instance.terminatedAt(), instance.createdAt(),
                    instance.updatedAt(), instance.deleted(), instance.description());
            putMetadata(instance.uuid(), metadata, false);
            return null;
        });
    }

    /** A server by id, deleted ones included (the API still shows them as DELETED for a while). */
    public Optional<Instance> find(String uuid) {
        return db.one("SELECT " + COLUMNS + " FROM instances WHERE uuid = ?", InstanceRepo::map, uuid);
    }

    /** Newest first, as Nova lists them; the marker is the last id of the previous page. */
    public List<Instance> list(Query query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM instances WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!query.includeDeleted()) {
            sql.append(" AND deleted = FALSE");
        }
        narrow(sql, args, "project_id = ?", query.projectId());
        narrow(sql, args, "host = ?", query.host());
        narrow(sql, args, "image_ref = ?", query.imageRef());
        narrow(sql, args, "flavor_id = ?", query.flavorId());
        narrow(sql, args, "updated_at >= ?", query.changesSince());
        if (query.name() != null) { // Nova matches the name as a regular expression
            sql.append(" AND name REGEXP ?");
            args.add(query.name());
        }
        if (query.marker() != null) {
            sql.append(" AND (created_at, uuid) < (SELECT created_at, uuid FROM instances WHERE uuid = ?)");
            args.add(query.marker());
        }
        sql.append(" ORDER BY created_at DESC, uuid DESC");
        List<Instance> rows = db.list(sql.toString(), InstanceRepo::map, args.toArray());
        List<Instance> page = new ArrayList<>();
        for (Instance instance : rows) {
            if (query.status() == null || query.status().equalsIgnoreCase(ServerStatus.of(instance))) {
                page.add(instance);
                if (page.size() == query.limit()) {
                    break;
                }
            }
        }
        return page;
    }

    private static void narrow(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    public boolean exists(String uuid) {
        return db.one("SELECT 1 FROM instances WHERE uuid = ?", row -> 1, uuid).isPresent();
    }

    /** The server takes {@code flavor}'s sizes; the ones it had are kept for a revert. */
    public void beginResize(String uuid, Flavor flavor, Instant now) {
        // MariaDB assigns left to right: each old_ column takes the value before the new flavor's
        db.update("UPDATE instances SET old_flavor_id = flavor_id, old_vcpus = vcpus, old_memory_mb = memory_mb, old_root_gb = root_gb, "
                + "old_ephemeral_gb = ephemeral_gb, old_swap_mb = swap_mb, flavor_id = ?, vcpus = ?, memory_mb = ?, root_gb = ?, "
                + "ephemeral_gb = ?, swap_mb = ?, updated_at = ? WHERE uuid = ?", flavor.flavorId(), flavor.vcpus(), flavor.memoryMb(), flavor.rootGb(),
                flavor.ephemeralGb(), flavor.swapMb(), now, uuid);
    }

    /** The sizes the server had before a resize not yet confirmed or reverted (a Flavor of the old id and sizes). */
    public Optional<Flavor> oldFlavor(String uuid) {
        return db.one("SELECT old_flavor_id, old_memory_mb, old_vcpus, old_root_gb, old_ephemeral_gb, old_swap_mb FROM instances "
                + "WHERE uuid = ? AND old_flavor_id IS NOT NULL", row -> new Flavor(row.getString(1), row.getString(1), row.getInt(2),
                row.getInt(3), row.getInt(4), row.getInt(5), row.getInt(6), 1.0, true, false, null), uuid);
    }

    /** The flavor the server had before its resize, back; false when it has none kept. */
    public boolean restoreOldFlavor(String uuid, Instant now) {
        return db.update("UPDATE instances SET flavor_id = old_flavor_id, vcpus = old_vcpus, memory_mb = old_memory_mb, root_gb = old_root_gb, "
                + "ephemeral_gb = old_ephemeral_gb, swap_mb = old_swap_mb, old_flavor_id = NULL, old_vcpus = NULL, old_memory_mb = NULL, "
                + "old_root_gb = NULL, old_ephemeral_gb = NULL, old_swap_mb = NULL, updated_at = ? WHERE uuid = ? AND old_flavor_id IS NOT NULL",
                now, uuid) == 1;
    }

    /** A confirmed resize: the old flavor is forgotten. */
    public void forgetOldFlavor(String uuid) {
        db.update("UPDATE instances SET old_flavor_id = NULL, old_vcpus = NULL, old_memory_mb = NULL, old_root_gb = NULL, "
                + "old_ephemeral_gb = NULL, old_swap_mb = NULL WHERE uuid = ?", uuid);
    }

    public Usage usage(String projectId) {
        return db.one("SELECT COUNT(*), COALESCE(SUM(vcpus), 0), COALESCE(SUM(memory_mb), 0) FROM instances WHERE project_id = ? AND deleted = FALSE",
                row -> new Usage(row.getInt(1), row.getInt(2), row.getInt(3)), projectId).orElse(new Usage(0, 0, 0));
    }

    /** The hosts the group's live members are on. */
    public List<String> groupHosts(String groupId) {
        return db.list("SELECT DISTINCT host FROM instances WHERE server_group_id = ? AND deleted = FALSE AND host IS NOT NULL",
                row -> row.getString(1), groupId);
    }

    public List<String> groupMembers(String groupId) {
        return db.list("SELECT uuid FROM instances WHERE server_group_id = ? AND deleted = FALSE ORDER BY created_at", row -> row.getString(1),
                groupId);
    }

    /**
     * Moves a server's states if its task state is the one expected (Nova's expected_task_state: the
     * compare-and-set that keeps two actions from overlapping). {@code anyTask} skips the check.
     * @return false when the server is gone or busy with something else
     */
    public boolean transition(String uuid, boolean anyTask, String expectedTask, String vmState, String taskState, Integer powerState,
                              Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE instances SET vm_state = ?, task_state = ?, updated_at = ?");
        List<Object> args = new ArrayList<>();
        args.add(vmState);
        args.add(taskState);
        args.add(now);
        if (powerState != null) {
            sql.append(", power_state = ?");
            args.add(powerState);
        }
        sql.append(" WHERE uuid = ? AND deleted = FALSE");
        args.add(uuid);
        if (!anyTask) {
            sql.append(expectedTask == null ? " AND task_state IS NULL" : " AND task_state = ?");
            if (expectedTask != null) {
                args.add(expectedTask);
            }
        }
        return db.update(sql.toString(), args.toArray()) == 1;
    }

    /** Sets the task state of an idle server whose vm state is one of {@code vmStates}; false otherwise. */
    public boolean startTask(String uuid, List<String> vmStates, String taskState, Instant now) {
        String placeholders = String.join(", ", vmStates.stream().map(state -> "?").toList());
        List<Object> args = new ArrayList<>(List.of(taskState, now, uuid));
        args.addAll(vmStates);
        return db.update("UPDATE instances SET task_state = ?, updated_at = ? WHERE uuid = ? AND deleted = FALSE AND task_state IS NULL "
                + "AND vm_state IN (" + placeholders + ")", args.toArray()) == 1;
    }

    /** The scheduler's choice for a server being built: its host, and the build goes on there (task spawning). */
    public boolean place(String uuid, String host, int attempts, Instant now) {
        return db.update("UPDATE instances SET host = ?, build_attempts = ?, task_state = 'spawning', updated_at = ? "
                + "WHERE uuid = ? AND deleted = FALSE AND vm_state = 'building'", host, attempts, now, uuid) == 1;
    }

    public List<Instance> onHost(String host) {
        return db.list("SELECT " + COLUMNS + " FROM instances WHERE host = ? AND deleted = FALSE", InstanceRepo::map, host);
    }

    public void launched(String uuid, Instant now) {
        db.update("UPDATE instances SET launched_at = COALESCE(launched_at, ?) WHERE uuid = ?", now, uuid);
    }

    public void setPowerState(String uuid, int powerState, Instant now) {
        db.update("UPDATE instances SET power_state = ?, updated_at = ? WHERE uuid = ? AND deleted = FALSE", powerState, now, uuid);
    }

    public void rename(String uuid, String name, Instant now) {
        db.update("UPDATE instances SET name = ?, updated_at = ? WHERE uuid = ?", name, now, uuid);
    }

    public void describe(String uuid, String description, Instant now) {
        db.update("UPDATE instances SET description = ?, updated_at = ? WHERE uuid = ?", description, now, uuid);
    }

    public void setImage(String uuid, String imageRef, Instant now) {
        db.update("UPDATE instances SET image_ref = ?, updated_at = ? WHERE uuid = ?", imageRef, now, uuid);
    }

    public void lock(String uuid, String lockedBy, Instant now) {
        db.update("UPDATE instances SET locked_by = ?, updated_at = ? WHERE uuid = ?", lockedBy, now, uuid);
    }

    public void markDeleted(String uuid, Instant now) {
        db.update("UPDATE instances SET deleted = TRUE, deleted_at = ?, terminated_at = ?, vm_state = 'deleted', task_state = NULL, "
                + "power_state = 0, updated_at = ? WHERE uuid = ? AND deleted = FALSE", now, now, now, uuid);
    }

    /** Servers that have stayed in BUILD since before {@code cutoff}. */
    public List<Instance> stuckBuilding(Instant cutoff) {
        return db.list("SELECT " + COLUMNS + " FROM instances WHERE deleted = FALSE AND vm_state = 'building' AND updated_at < ?",
                InstanceRepo::map, cutoff);
    }

    public Map<String, String> metadata(String uuid) {
        Map<String, String> metadata = new LinkedHashMap<>();
        db.list("SELECT meta_key, meta_value FROM instance_metadata WHERE instance_uuid = ? ORDER BY meta_key", row -> {
            metadata.put(row.getString(1), row.getString(2));
            return null;
        }, uuid);
        return metadata;
    }

    /** The metadata of several servers in one query, by server id (a server without any has no entry). */
    public Map<String, Map<String, String>> metadata(List<String> uuids) {
        Map<String, Map<String, String>> byServer = new HashMap<>();
        if (uuids.isEmpty()) {
            return byServer;
        }
        db.list("SELECT instance_uuid, meta_key, meta_value FROM instance_metadata WHERE instance_uuid IN (" + placeholders(uuids.size())
                + ") ORDER BY meta_key", row -> byServer.computeIfAbsent(row.getString(1), key -> new LinkedHashMap<>())
                .put(row.getString(2), row.getString(3)), uuids.toArray());
        return byServer;
    }

    /** The latest fault of each of several servers that has one. */
    public Map<String, Fault> latestFaults(List<String> uuids) {
        Map<String, Fault> byServer = new HashMap<>();
        if (uuids.isEmpty()) {
            return byServer;
        }
        db.list("SELECT f.instance_uuid, f.code, f.message, f.details, f.host, f.created_at FROM instance_faults f WHERE f.id IN "
                + "(SELECT MAX(id) FROM instance_faults WHERE instance_uuid IN (" + placeholders(uuids.size()) + ") GROUP BY instance_uuid)",
                row -> byServer.put(row.getString(1), new Fault(row.getInt(2), row.getString(3), row.getString(4), row.getString(5),
                        Db.instant(row, "created_at"))), uuids.toArray());
        return byServer;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Adds or replaces items; with {@code replaceAll} the server's other items go. */
    public void putMetadata(String uuid, Map<String, String> items, boolean replaceAll) {
        db.inTransaction(() -> {
            if (replaceAll) {
                db.update("DELETE FROM instance_metadata WHERE instance_uuid = ?", uuid);
            }
            for (Map.Entry<String, String> item : items.entrySet()) {
                db.update("INSERT INTO instance_metadata (instance_uuid, meta_key, meta_value) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE meta_value = VALUES(meta_value)", uuid, item.getKey(), item.getValue());
            }
            return null;
        });
    }

    public boolean deleteMetadata(String uuid, String key) {
        return db.update("DELETE FROM instance_metadata WHERE instance_uuid = ? AND meta_key = ?", uuid, key) == 1;
    }

    public void addFault(String uuid, int code, String message, String details, String host, Instant now) {
        db.update("INSERT INTO instance_faults (instance_uuid, code, message, details, host, created_at) VALUES (?, ?, ?, ?, ?, ?)", uuid, code,
                message.length() > 255 ? message.substring(0, 255) : message, details, host, now);
    }

    public Optional<Fault> latestFault(String uuid) {
        return db.one("SELECT code, message, details, host, created_at FROM instance_faults WHERE instance_uuid = ? ORDER BY id DESC LIMIT 1",
                row -> new Fault(row.getInt(1), row.getString(2), row.getString(3), row.getString(4), Db.instant(row, "created_at")), uuid);
    }

    public void startAction(String uuid, String action, String requestId, String userId, String projectId, Instant now) {
        db.update("INSERT INTO instance_actions (instance_uuid, action, request_id, user_id, project_id, start_time) VALUES (?, ?, ?, ?, ?, ?)",
                uuid, action, requestId, userId, projectId, now);
    }

    /** Ends the server's latest unfinished action; {@code error} marks it failed as Nova does ("Error"). */
    public void finishAction(String uuid, boolean error, Instant now) {
        db.update("UPDATE instance_actions SET finish_time = ?, message = ? WHERE instance_uuid = ? AND finish_time IS NULL ORDER BY id DESC LIMIT 1",
                now, error ? "Error" : null, uuid);
    }

    /** Finishes the latest unfinished action of that name (one that set no task state may not be the latest action). */
    public void finishAction(String uuid, String action, boolean error, Instant now) {
        db.update("UPDATE instance_actions SET finish_time = ?, message = ? WHERE instance_uuid = ? AND action = ? AND finish_time IS NULL "
                + "ORDER BY id DESC LIMIT 1", now, error ? "Error" : null, uuid, action);
    }

    public List<Action> actions(String uuid) {
        return db.list("SELECT action, instance_uuid, request_id, user_id, project_id, message, start_time, finish_time FROM instance_actions "
                + "WHERE instance_uuid = ? ORDER BY id DESC", InstanceRepo::mapAction, uuid);
    }

    public Optional<Action> action(String uuid, String requestId) {
        return db.one("SELECT action, instance_uuid, request_id, user_id, project_id, message, start_time, finish_time FROM instance_actions "
                + "WHERE instance_uuid = ? AND request_id = ? ORDER BY id DESC LIMIT 1", InstanceRepo::mapAction, uuid, requestId);
    }

    private static Action mapAction(ResultSet row) throws SQLException {
        return new Action(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                Db.instant(row, "start_time"), Db.instant(row, "finish_time"));
    }

    private static Instance map(ResultSet row) throws SQLException {
        return new Instance(row.getString("uuid"), row.getString("name"), row.getString("project_id"), row.getString("user_id"),
                row.getString("image_ref"), row.getString("flavor_id"), row.getInt("vcpus"), row.getInt("memory_mb"), row.getInt("root_gb"),
                row.getInt("ephemeral_gb"), row.getInt("swap_mb"), row.getString("key_name"), row.getString("key_data"),
                row.getString("user_data"), row.getString("availability_zone"), row.getString("server_group_id"),
                row.getString("reservation_id"), row.getInt("launch_index"), row.getString("host"), row.getString("vm_state"),
                row.getString("task_state"), row.getInt("power_state"), row.getString("locked_by"), row.getInt("build_attempts"),
                Db.instant(row, "launched_at"), Db.instant(row, "terminated_at"), Db.instant(row, "created_at"),
                Db.instant(row, "updated_at"), row.getBoolean("deleted"), row.getString("description"));
    }
}
