package io.stratus.nova.scheduler.repo;

import io.stratus.common.db.Db;
import io.stratus.common.nova.ComputeReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Hosts and allocations (schema nova_scheduler). */
public final class SchedulerRepo {

    /** How a claim ended: HELD is a server claimed before (a repeated request), on a host it was not refused by. */
    public enum ClaimResult { CLAIMED, HELD, NO_ROOM, GROUP_POLICY, UNKNOWN_HOST }

    /** A claim's result, and the host claimed or held (null when refused). */
    public record Claim(ClaimResult result, String host) {
    }

    private final Db db;

    public SchedulerRepo(Db db) {
        this.db = db;
    }

    public void recordReport(ComputeReport report, Instant now) {
        db.update("INSERT INTO hosts (host, hypervisor_type, architecture, vcpus, memory_mb, disk_gb, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE hypervisor_type = VALUES(hypervisor_type), architecture = VALUES(architecture), vcpus = VALUES(vcpus), "
                + "memory_mb = VALUES(memory_mb), disk_gb = VALUES(disk_gb), last_seen = VALUES(last_seen)", report.host(), report.hypervisorType(),
                ComputeReport.canonicalArchitecture(report.architecture()), report.vcpus(), report.memoryMb(), report.localGb(), now);
    }

    public List<HostState> hostStates() {
        return db.list("SELECT host, hypervisor_type, architecture, vcpus, memory_mb, disk_gb, last_seen, used_vcpus, used_memory_mb, "
                + "used_disk_gb, instances FROM hosts", row -> new HostState(row.getString(1), row.getString(2), row.getString(3), row.getInt(4),
                row.getLong(5), row.getLong(6), Db.instant(row, "last_seen"), row.getInt(8), row.getLong(9), row.getLong(10), row.getInt(11)));
    }

    /** The hosts where the group's other members hold claims. */
    public List<String> groupHosts(String groupId, String exceptInstance) {
        return db.list("SELECT host FROM allocations WHERE group_id = ? AND instance_uuid <> ?", row -> row.getString(1), groupId,
                exceptInstance);
    }

    public Optional<Allocation> allocation(String instanceUuid) {
        return db.one("SELECT instance_uuid, host, vcpus, memory_mb, disk_gb, group_id FROM allocations WHERE instance_uuid = ?",
                SchedulerRepo::allocation, instanceUuid);
    }

    private static Allocation allocation(ResultSet row) throws SQLException {
        return new Allocation(row.getString(1), row.getString(2), row.getInt(3), row.getLong(4), row.getLong(5), row.getString(6));
    }

    /**
     * Claims room on a host, in one transaction run inside the database (procedure claim_allocation, whose
     * comment gives the rules, called under a lock per server by claim_allocation_serially, so claims of one
     * server never overlap): claims on one host, from any scheduler, happen one after the other, each on
     * the usage the ones before it left, and a group's are judged on the group's latest members. A previous
     * claim of the same server stands (HELD) unless its host is one of {@code triedHosts}, the hosts its
     * build failed on: then it is replaced.
     */
    public Claim claim(Allocation wanted, String groupPolicy, Ratios ratios, Instant now, Collection<String> triedHosts) {
        return db.retryingDeadlocks(() -> db.one("CALL claim_allocation_serially(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row -> new Claim(ClaimResult.valueOf(row.getString(1)), row.getString(2)), wanted.instanceUuid(), wanted.host(), wanted.vcpus(),
                wanted.memoryMb(), wanted.diskGb(), wanted.groupId(), groupPolicy, ratios.cpu(), ratios.ram(), ratios.disk(), now,
                String.join(",", triedHosts)).orElseThrow());
    }

    /** Affinity: every member on one host; anti-affinity: no two on one host. */
    public static boolean groupAllows(String policy, List<String> memberHosts, String host) {
        return switch (policy) {
            case "affinity" -> memberHosts.isEmpty() || memberHosts.stream().allMatch(host::equals);
            case "anti-affinity" -> !memberHosts.contains(host);
            default -> true;
        };
    }

    /** Gives a server's claimed room back to its host; false when it held none. */
    public boolean release(String instanceUuid) {
        return db.inTransaction(() -> {
            Optional<Allocation> held = db.one("SELECT instance_uuid, host, vcpus, memory_mb, disk_gb, group_id FROM allocations "
                    + "WHERE instance_uuid = ? FOR UPDATE", SchedulerRepo::allocation, instanceUuid);
            if (held.isEmpty()) {
                return false;
            }
            Allocation allocation = held.get();
            db.update("DELETE FROM allocations WHERE instance_uuid = ?", instanceUuid);
            db.update("UPDATE hosts SET used_vcpus = used_vcpus - ?, used_memory_mb = used_memory_mb - ?, used_disk_gb = used_disk_gb - ?, "
                    + "instances = instances - 1 WHERE host = ?", allocation.vcpus(), allocation.memoryMb(), allocation.diskGb(), allocation.host());
            return true;
        });
    }
}
