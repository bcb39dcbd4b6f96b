package io.stratus.swift.storage.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.common.PeerDeviceUnavailable;
import io.stratus.swift.storage.common.TempFolder;
import io.stratus.swift.storage.config.StorageConfig;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.stratus.swift.storage.replication.NodeRings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The account and container replicators: each database on this node's devices is brought to the
 * other primaries of its partition — the rows changed since the last sync point with each peer
 * (MERGE, 1,000 rows a request), or the whole database when the peer has none (SYNC). A database on
 * a handoff is removed once every primary has it.
 */
@ApplicationScoped
public class DatabaseReplicator {

    private static final Logger LOG = Logger.getLogger(DatabaseReplicator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS_PER_REQUEST = 1000;

    @Inject
    DiskFileManager devices;
    @Inject
    NodeRings rings;
    @Inject
    StorageConfig config;

    public record Pass(int databases, long rowsSent, int wholeDatabasesSent, int handoffsRemoved, int failures, double seconds,
                       long finishedAt) {
    }

    private volatile Pass last;
    private volatile long lastSuccess;

    public Pass last() {
        return last;
    }

    public long lastSuccess() {
        return lastSuccess;
    }

    private static final class Counters {
        int databases;
        long rows;
        int whole;
        int removed;
        int failures;
    }

    public synchronized Pass runOnce() {
        long started = System.nanoTime();
        Counters counters = new Counters();
        java.util.Set<Path> swept = new java.util.HashSet<>(); // a device in both rings: its tmp folder once
        for (String kind : List.of("account", "container")) {
            rings.ring(kind).ifPresent(ring -> {
                for (Device device : rings.localDevices(ring)) {
                    Path root = devices.devicesRoot().resolve(device.device());
                    if (Files.isDirectory(root)) {
                        if (swept.add(root)) {
                            TempFolder.removeStale(root, config.reclaimAge());
                        }
                        replicateDevice(kind + "s", ring, device, root, counters);
                    }
                }
            });
        }
        Pass pass = new Pass(counters.databases, counters.rows, counters.whole, counters.removed, counters.failures,
                (System.nanoTime() - started) / 1e9, System.currentTimeMillis() / 1000);
        last = pass;
        if (pass.failures() == 0) {
            lastSuccess = pass.finishedAt();
        }
        return pass;
    }

    private void replicateDevice(String kind, Ring ring, Device device, Path root, Counters counters) {
        for (String partitionName : Folders.names(root.resolve(kind))) {
            int partition;
            try {
                partition = Integer.parseInt(partitionName);
            } catch (NumberFormatException e) {
                continue;
            }
            if (partition < 0 || partition >= ring.partitionCount()) {
                continue;
            }
            for (String suffix : Folders.names(root.resolve(kind).resolve(partitionName))) {
                for (String hash : Folders.names(root.resolve(kind).resolve(partitionName).resolve(suffix))) {
                    Path file = DatabaseReplication.databaseFile(root, kind, partition, hash);
                    if (Files.isRegularFile(file)) {
                        counters.databases++;
                        replicateDatabase(kind, ring, device, root, partition, hash, file, counters);
                    }
                }
            }
        }
    }

    private void replicateDatabase(String kind, Ring ring, Device device, Path root, int partition, String hash, Path file,
                                   Counters counters) {
        DatabaseBroker broker = DatabaseReplication.broker(kind, file);
        List<Device> primaries = ring.primaries(partition);
        boolean handoff = primaries.stream().noneMatch(d -> d.id() == device.id());
        long everyPeerHasUpTo = Long.MAX_VALUE;
        // a primary whose device is unmounted or full (507) gets its copy on a handoff instead (see ObjectReplicator)
        Iterator<Device> standIns = handoff ? Collections.emptyIterator() : NodeRings.standIns(ring, partition, device);
        List<Device> peers = new java.util.ArrayList<>(primaries);
        for (int i = 0; i < peers.size(); i++) {
            Device peer = peers.get(i);
            if (peer.id() == device.id()) {
                continue;
            }
            try {
                everyPeerHasUpTo = Math.min(everyPeerHasUpTo, push(kind, broker, root, peer, partition, hash, counters));
            } catch (IOException | SQLException | RuntimeException e) {
                everyPeerHasUpTo = -1;
                counters.failures++;
                LOG.debugf("replication of %s %s to %s failed: %s", kind, hash, peer, e.getMessage());
                if (e instanceof PeerDeviceUnavailable && standIns.hasNext()) {
                    peers.add(standIns.next());
                }
            }
        }
        if (handoff && everyPeerHasUpTo >= 0) {
            removeHandedOff(kind, broker, file, everyPeerHasUpTo, counters);
        }
    }

    /**
     * Moves the database aside (requests then find none and queue their updates) and removes it when no
     * row came after what every primary has; else it goes back for the next pass.
     */
    private void removeHandedOff(String kind, DatabaseBroker broker, Path file, long everyPeerHasUpTo, Counters counters) {
        Path aside = file.resolveSibling(file.getFileName() + ".handed-off");
        try {
            broker.closeConnection(); // the last connection checkpoints the WAL into the file
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long newest = DatabaseReplication.broker(kind, aside).maxRowDirect();
            if (newest > everyPeerHasUpTo) {
                if (!DatabaseBroker.placeIfAbsent(aside, file)) {
                    LOG.errorf("%s took rows while it was handed off and a new database took its place: kept as %s", file, aside);
                    return;
                }
                Files.delete(aside);
                return; // its newest rows go to the primaries next pass
            }
            for (String extra : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(aside + extra));
            }
            file.getParent().toFile().delete();
            file.getParent().getParent().toFile().delete();
            counters.removed++;
        } catch (IOException | SQLException e) {
            LOG.warnf("could not remove handed-off %s: %s", file, e.getMessage());
        }
    }

    /** Brings the peer up to date. @return the newest of this database's rows the peer now has */
    private long push(String kind, DatabaseBroker broker, Path root, Device peer, int partition, String hash, Counters counters)
            throws IOException, SQLException {
        DatabaseBroker.ReplicaState state = broker.replicaState();
        String path = "/" + peer.device() + "/" + partition + "/" + hash + "?kind=" + kind;
        KeepAliveHttp.Answer answer = KeepAliveHttp.exchange(peer.ip(), peer.port(), "REPLICATE", path,
                Map.of("Content-Type", "application/json"), JSON.writeValueAsBytes(state), Duration.ofSeconds(2),
                config.replicationTimeout());
        if (answer.status() == 404) {
            if (pushWhole(broker, root, peer, path, state)) {
                counters.whole++;
                return state.maxRow();
            }
            // the peer made the database itself meanwhile: it takes rows instead
            answer = KeepAliveHttp.exchange(peer.ip(), peer.port(), "REPLICATE", path, Map.of("Content-Type", "application/json"),
                    JSON.writeValueAsBytes(state), Duration.ofSeconds(2), config.replicationTimeout());
        }
        if (answer.status() == 507) {
            throw new PeerDeviceUnavailable(peer + " answered 507");
        }
        if (answer.status() != 200) {
            throw new IOException("REPLICATE answered " + answer.status());
        }
        long point = JSON.readValue(answer.body(), new TypeReference<Map<String, Object>>() { }).get("point") instanceof Number n
                ? n.longValue() : 0;
        while (true) {
            List<Map<String, Object>> rows = broker.rowsSince(point, ROWS_PER_REQUEST);
            if (rows.isEmpty()) {
                return point;
            }
            long upTo = ((Number) rows.get(rows.size() - 1).get("ROWID")).longValue();
            int status = KeepAliveHttp.exchange(peer.ip(), peer.port(), "MERGE", path,
                    Map.of("Content-Type", "application/json", DatabaseReplication.REPLICA_ID, state.id(),
                            DatabaseReplication.REPLICA_POINT, Long.toString(upTo)),
                    JSON.writeValueAsBytes(rows), Duration.ofSeconds(2), config.replicationTimeout()).status();
            if (status / 100 != 2) {
                throw new IOException("MERGE answered " + status);
            }
            counters.rows += rows.size();
            point = upTo;
        }
    }

    /** @return true when the peer took the copy, false when it had made the database itself meanwhile */
    private boolean pushWhole(DatabaseBroker broker, Path root, Device peer, String path, DatabaseBroker.ReplicaState state)
            throws IOException, SQLException {
        DurableFiles.ensureDirectory(TempFolder.of(root));
        Path copy = TempFolder.of(root).resolve("replica-" + UUID.randomUUID() + ".db");
        try {
            broker.snapshotTo(copy);
            long size = Files.size(copy);
            KeepAliveHttp.Connection connection = KeepAliveHttp.open(peer.ip(), peer.port(), "SYNC", path,
                    Map.of(DatabaseReplication.REPLICA_ID, state.id(), DatabaseReplication.REPLICA_POINT, Long.toString(state.maxRow())),
                    size, Duration.ofSeconds(2), config.replicationTimeout());
            try (InputStream in = Files.newInputStream(copy)) {
                byte[] buffer = new byte[KeepAliveHttp.BUFFER];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    connection.write(buffer, 0, n);
                }
                connection.finish();
                int status = connection.readAnswer().status();
                if (status / 100 != 2 && status != 409) {
                    throw new IOException("SYNC answered " + status);
                }
                return status / 100 == 2;
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
