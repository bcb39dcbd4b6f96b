package io.stratus.nova.scheduler.repo;

import io.stratus.common.db.Db;
import io.stratus.common.nova.ComputeReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hosts and allocations (schema nova_scheduler). */
public final class SchedulerRepo {

    /** Why a claim was refused. */
    public enum ClaimResult { CLAIMED, NO_ROOM, GROUP_POLICY, UNKNOWN_HOST }

    private static final String HOST_STATES = "SELECT h.host, h.hypervisor_type, h.vcpus, h.memory_mb, h.disk_gb, h.last_seen, "
            + "COALESCE(SUM(a.vcpus), 0), COALESCE(SUM(a.memory_mb), 0), COALESCE(SUM(a.disk_gb), 0), COUNT(a.instance_uuid) "
            + "FROM hosts h LEFT JOIN allocations a ON a.host = h.host";

    private final Db db;

    public SchedulerRepo(Db db) {
        this.db = db;
    }

    public void recordReport(ComputeReport report, Instant now) {
        db.update("INSERT INTO hosts (host, hypervisor_type, vcpus, memory_mb, disk_gb, last_seen) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE hypervisor_type = VALUES(hypervisor_type), vcpus = VALUES(vcpus), memory_mb = VALUES(memory_mb), "
                + "disk_gb = VALUES(disk_gb), last_seen = VALUES(last_seen)", report.host(), report.hypervisorType(), report.vcpus(),
                report.memoryMb(), report.localGb(), now);
    }

    public List<HostState> hostStates() {
        return db.list(HOST_STATES + " GROUP BY h.host", row -> new HostState(row.getString(1), row.getString(2), row.getInt(3), row.getLong(4),
                row.getLong(5), Db.instant(row, "last_seen"), row.getInt(7), row.getLong(8), row.getLong(9), row.getInt(10)));
    }

    /** The hosts where the group's other members hold claims. */
    public List<String> groupHosts(String groupId, String exceptInstance) {
        return db.list("SELECT DISTINCT host FROM allocations WHERE group_id = ? AND instance_uuid <> ?", row -> row.getString(1), groupId,
                exceptInstance);
    }

    public Optional<Allocation> allocation(String instanceUuid) {
        return db.one("SELECT instance_uuid, host, vcpus, memory_mb, disk_gb, group_id FROM allocations WHERE instance_uuid = ?",
                row -> new Allocation(row.getString(1), row.getString(2), row.getInt(3), row.getLong(4), row.getLong(5), row.getString(6)),
                instanceUuid);
    }

    /**
     * Claims room on a host in one transaction: the host's row is locked, so claims on one host (from any
     * scheduler) happen one after the other and each sees the ones before it; a group's claims also lock
     * the group's row, so affinity and anti-affinity are decided on the group's latest members. Both locks
     * last until the claim commits. A previous claim of the same server (an earlier try) is replaced.
     */
    public ClaimResult claim(Allocation wanted, String groupPolicy, Ratios ratios, Instant now) {
        return db.inTransaction(() -> {
            if (wanted.groupId() != null) {
                db.update("INSERT INTO group_locks (group_id) VALUES (?) ON DUPLICATE KEY UPDATE group_id = group_id", wanted.groupId());
            }
            Optional<long[]> totals = db.one("SELECT vcpus, memory_mb, disk_gb FROM hosts WHERE host = ? FOR UPDATE",
                    row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}, wanted.host());
            if (totals.isEmpty()) {
                return ClaimResult.UNKNOWN_HOST;
            }
            // the datasource reads committed data (no snapshot, no gap locks): with the host's row locked, every
            // claim on the host committed before ours is seen
            db.update("DELETE FROM allocations WHERE instance_uuid = ?", wanted.instanceUuid());
            long[] used = db.one("SELECT COALESCE(SUM(vcpus), 0), COALESCE(SUM(memory_mb), 0), COALESCE(SUM(disk_gb), 0) FROM allocations "
                    + "WHERE host = ?", row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}, wanted.host()).orElseThrow();
            long[] total = totals.get();
            if (!ratios.fits((int) total[0], total[1], total[2], (int) used[0], used[1], used[2], wanted.vcpus(), wanted.memoryMb(),
                    wanted.diskGb())) {
                return ClaimResult.NO_ROOM;
            }
            if (groupPolicy != null && !groupAllows(groupPolicy, groupHosts(wanted.groupId(), wanted.instanceUuid()), wanted.host())) {
                return ClaimResult.GROUP_POLICY;
            }
            db.update("INSERT INTO allocations (instance_uuid, host, vcpus, memory_mb, disk_gb, group_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    wanted.instanceUuid(), wanted.host(), wanted.vcpus(), wanted.memoryMb(), wanted.diskGb(), wanted.groupId(), now);
            return ClaimResult.CLAIMED;
        });
    }

    /** Affinity: every member on one host; anti-affinity: no two on one host. */
    public static boolean groupAllows(String policy, List<String> memberHosts, String host) {
        return switch (policy) {
            case "affinity" -> memberHosts.isEmpty() || memberHosts.stream().allMatch(host::equals);
            case "anti-affinity" -> !memberHosts.contains(host);
            default -> true;
        };
    }

    public boolean release(String instanceUuid) {
        return db.update("DELETE FROM allocations WHERE instance_uuid = ?", instanceUuid) == 1;
    }
}
