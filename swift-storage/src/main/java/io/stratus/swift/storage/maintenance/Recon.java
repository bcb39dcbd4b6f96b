package io.stratus.swift.storage.maintenance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.config.StorageConfig;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.stratus.swift.storage.replication.NodeRings;
import io.stratus.swift.storage.replication.ObjectReplicator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The node's health figures, as swift-recon reads them (GET /recon; the same as Prometheus gauges
 * on /q/metrics), the background jobs' schedule, and POST /recon/run/{job} to run one pass now.
 */
@Path("/recon")
@ApplicationScoped
public class Recon {

    private static final Logger LOG = Logger.getLogger(Recon.class);

    @Inject
    ObjectReplicator replicator;
    @Inject
    io.stratus.swift.storage.db.DatabaseReplicator databaseReplicator;
    @Inject
    ObjectAuditor auditor;
    @Inject
    DatabaseAuditor databaseAuditor;
    @Inject
    ObjectExpirer expirer;
    @Inject
    AsyncPendingUpdater updater;
    @Inject
    DiskFileManager diskFiles;
    @Inject
    NodeRings rings;
    @Inject
    StorageConfig config;
    @Inject
    MeterRegistry registry;

    private ScheduledExecutorService jobs;

    void start(@Observes StartupEvent event) {
        Gauge.builder("swift_async_pending", this, r -> r.asyncPendings()).register(registry);
        Gauge.builder("swift_quarantined_objects", this, r -> r.quarantined("objects")).register(registry);
        Gauge.builder("swift_quarantined_databases", this, r -> r.quarantined("containers") + r.quarantined("accounts")).register(registry);
        Gauge.builder("swift_replication_last_pass_seconds", this,
                r -> r.replicator.last() == null ? Double.NaN : r.replicator.last().seconds()).register(registry);
        Gauge.builder("swift_replication_last_success_timestamp_seconds", this, r -> r.replicator.lastSuccess()).register(registry);
        Gauge.builder("swift_auditor_last_pass_bytes_per_second", this,
                r -> r.auditor.last() == null ? Double.NaN : r.auditor.last().bytesPerSecond()).register(registry);
        if (!config.backgroundJobs()) {
            return;
        }
        jobs = Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "swift-background");
            thread.setDaemon(true);
            return thread;
        });
        every(config.replicationInterval(), "replicator", replicator::runOnce);
        every(config.replicationInterval(), "db-replicator", databaseReplicator::runOnce);
        every(config.auditInterval(), "auditor", auditor::runOnce);
        every(config.auditInterval(), "db-auditor", databaseAuditor::runOnce);
        every(config.updaterInterval(), "updater", updater::runOnce);
        every(config.updaterInterval(), "expirer", expirer::runOnce);
    }

    void stop(@Observes ShutdownEvent event) {
        if (jobs != null) {
            jobs.shutdownNow();
        }
    }

    private void every(java.time.Duration interval, String name, Callable<?> pass) {
        jobs.scheduleWithFixedDelay(() -> {
            try {
                pass.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.errorf(e, "the %s pass failed", name);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @POST
    @Path("/run/{job}")
    @Produces(MediaType.APPLICATION_JSON)
    public Object run(@PathParam("job") String job) throws InterruptedException {
        return switch (job) {
            case "replicator" -> replicator.runOnce();
            case "db-replicator" -> databaseReplicator.runOnce();
            case "auditor" -> auditor.runOnce();
            case "db-auditor" -> databaseAuditor.runOnce();
            case "expirer" -> expirer.runOnce();
            case "updater" -> updater.runOnce();
            default -> throw new NotFoundException("no job " + job);
        };
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("async_pending", asyncPendings());
        figures.put("quarantined", Map.of("objects", quarantined("objects"), "containers", quarantined("containers"),
                "accounts", quarantined("accounts")));
        Map<String, Object> replication = new LinkedHashMap<>();
        replication.put("last_pass", replicator.last());
        replication.put("last_success", replicator.lastSuccess());
        figures.put("replication", replication);
        Map<String, Object> dbReplication = new LinkedHashMap<>();
        dbReplication.put("last_pass", databaseReplicator.last());
        dbReplication.put("last_success", databaseReplicator.lastSuccess());
        figures.put("db_replication", dbReplication);
        figures.put("auditor", auditor.last());
        figures.put("db_auditor", databaseAuditor.last());
        figures.put("auditor_limits", Map.of("files_per_second", config.auditFilesPerSecond(),
                "bytes_per_second", config.auditBytesPerSecond()));
        figures.put("updater", updater.last());
        figures.put("expirer", expirer.last());
        figures.put("disk_usage", diskUsage());
        Map<String, String> ringMd5 = new LinkedHashMap<>();
        for (String kind : List.of("account", "container", "object")) {
            rings.ringFile(kind).ifPresent(file -> ringMd5.put(kind, md5Of(file)));
        }
        figures.put("ring_md5", ringMd5);
        return figures;
    }

    long asyncPendings() {
        return AsyncPendingUpdater.pendings(diskFiles.devicesRoot()).size();
    }

    long quarantined(String kind) {
        long count = 0;
        for (String device : Folders.names(diskFiles.devicesRoot())) {
            count += Folders.names(diskFiles.devicesRoot().resolve(device).resolve("quarantined").resolve(kind)).length;
        }
        return count;
    }

    private List<Map<String, Object>> diskUsage() {
        List<Map<String, Object>> usage = new ArrayList<>();
        for (String device : Folders.names(diskFiles.devicesRoot())) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("device", device);
            try {
                diskFiles.device(device);
                FileStore store = Files.getFileStore(diskFiles.devicesRoot().resolve(device));
                one.put("mounted", true);
                one.put("size", store.getTotalSpace());
                one.put("used", store.getTotalSpace() - store.getUnallocatedSpace());
                one.put("avail", store.getUsableSpace());
            } catch (IOException | RuntimeException e) {
                one.put("mounted", false);
            }
            usage.add(one);
        }
        return usage;
    }

    private static String md5Of(java.nio.file.Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return "unreadable";
        }
    }
}
