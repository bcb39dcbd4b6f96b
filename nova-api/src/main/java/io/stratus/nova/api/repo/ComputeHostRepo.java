package io.stratus.nova.api.repo;

import io.stratus.common.db.Db;
import io.stratus.common.nova.ComputeReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Compute services and nodes (schema nova), written from the hosts' reports. */
public final class ComputeHostRepo {

    public static final String BINARY = "nova-compute";
    private static final String SELECT = "SELECT s.id AS service_id, n.id AS node_id, s.host, s.disabled, s.disabled_reason, s.forced_down, s.last_seen_up, "
            + "n.hypervisor_hostname, n.hypervisor_type, n.hypervisor_version, n.host_ip, n.vcpus, n.vcpus_used, n.memory_mb, "
            + "n.memory_mb_used, n.local_gb, n.local_gb_used, n.running_vms FROM compute_services s JOIN compute_nodes n ON n.service_id = s.id";

    private final Db db;

    public ComputeHostRepo(Db db) {
        this.db = db;
    }

    /** Records a report: the service is seen up now, its node's figures replaced; a new host gets its rows. */
    public void record(ComputeReport report, Instant now) {
        db.inTransaction(() -> {
            // an update first: an upsert would take a new auto-increment id each time and leave the service ids sparse
            if (db.update("UPDATE compute_services SET last_seen_up = ? WHERE host = ? AND binary_name = ?", now, report.host(), BINARY) == 0) {
                db.update("INSERT INTO compute_services (host, binary_name, last_seen_up, created_at) VALUES (?, ?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE last_seen_up = VALUES(last_seen_up)", report.host(), BINARY, now, now);
            }
            int serviceId = db.one("SELECT id FROM compute_services WHERE host = ? AND binary_name = ?", row -> row.getInt(1),
                    report.host(), BINARY).orElseThrow();
            Object[] figures = {report.hypervisorHostname(), report.hypervisorType(), report.hypervisorVersion(), report.hostIp(), report.vcpus(),
                report.vcpusUsed(), report.memoryMb(), report.memoryMbUsed(), report.localGb(), report.localGbUsed(), report.runningVms(), now,
                serviceId};
            if (db.update("UPDATE compute_nodes SET hypervisor_hostname = ?, hypervisor_type = ?, hypervisor_version = ?, host_ip = ?, vcpus = ?, "
                    + "vcpus_used = ?, memory_mb = ?, memory_mb_used = ?, local_gb = ?, local_gb_used = ?, running_vms = ?, updated_at = ? "
                    + "WHERE service_id = ?", figures) == 0) {
                db.update("INSERT INTO compute_nodes (hypervisor_hostname, hypervisor_type, hypervisor_version, host_ip, vcpus, vcpus_used, "
                        + "memory_mb, memory_mb_used, local_gb, local_gb_used, running_vms, updated_at, service_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", figures);
            }
            return null;
        });
    }

    public List<ComputeHost> list() {
        return db.list(SELECT + " ORDER BY s.id", ComputeHostRepo::map);
    }

    public Optional<ComputeHost> byHost(String host) {
        return db.one(SELECT + " WHERE s.host = ? AND s.binary_name = ?", ComputeHostRepo::map, host, BINARY);
    }

    public Optional<ComputeHost> byServiceId(int serviceId) {
        return db.one(SELECT + " WHERE s.id = ?", ComputeHostRepo::map, serviceId);
    }

    /** The service and, through the foreign key, its node. */
    public boolean delete(int serviceId) {
        return db.update("DELETE FROM compute_services WHERE id = ?", serviceId) == 1;
    }

    public Optional<ComputeHost> byNodeId(int nodeId) {
        return db.one(SELECT + " WHERE n.id = ?", ComputeHostRepo::map, nodeId);
    }

    /** @return false when no such service */
    public boolean setDisabled(String host, String binary, boolean disabled, String reason) {
        return db.update("UPDATE compute_services SET disabled = ?, disabled_reason = ? WHERE host = ? AND binary_name = ?",
                disabled, reason, host, binary) == 1;
    }

    /** @return false when no such service */
    public boolean setForcedDown(String host, String binary, boolean forcedDown) {
        return db.update("UPDATE compute_services SET forced_down = ? WHERE host = ? AND binary_name = ?", forcedDown, host, binary) == 1;
    }

    private static ComputeHost map(ResultSet row) throws SQLException {
        ComputeReport node = new ComputeReport(row.getString("host"), row.getString("hypervisor_hostname"), row.getString("hypervisor_type"),
                row.getLong("hypervisor_version"), row.getString("host_ip"), row.getInt("vcpus"), row.getInt("vcpus_used"),
                row.getLong("memory_mb"), row.getLong("memory_mb_used"), row.getLong("local_gb"), row.getLong("local_gb_used"),
                row.getInt("running_vms"), null);
        return new ComputeHost(row.getInt("service_id"), row.getInt("node_id"), row.getString("host"), row.getBoolean("disabled"),
                row.getString("disabled_reason"), row.getBoolean("forced_down"), Db.instant(row, "last_seen_up"), node);
    }
}
