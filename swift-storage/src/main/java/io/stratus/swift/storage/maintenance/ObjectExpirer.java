package io.stratus.swift.storage.maintenance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.ring.Ring;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.common.TempFolder;
import io.stratus.swift.storage.obj.ContainerUpdater;
import io.stratus.swift.storage.obj.diskfile.DiskFile;
import io.stratus.swift.storage.obj.diskfile.DiskFileException;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.stratus.swift.storage.replication.NodeRings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The object expirer. Each object server that stores a version with X-Delete-At notes it in its
 * device's queue (`expiring/<delete-at>/<hash>-<timestamp>`), and so does a replica that receives such a
 * version from a peer; once that time has passed the expirer writes a tombstone dated just after that
 * version (any newer write still wins) and removes the row from the
 * container's replicas, so the object leaves listings too. Reads stop answering it at X-Delete-At
 * already.
 */
@ApplicationScoped
public class ObjectExpirer {

    private static final Logger LOG = Logger.getLogger(ObjectExpirer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DiskFileManager diskFiles;
    @Inject
    NodeRings rings;
    @Inject
    ContainerUpdater containerUpdater;
    @Inject
    PathHasher hasher;

    public record Pass(long expired, long skipped, long failures, double seconds, long finishedAt) {
    }

    private volatile Pass last;

    public Pass last() {
        return last;
    }

    /** Queues the object version for deletion at {@code deleteAt} (epoch seconds); durable when this returns. */
    public void schedule(String device, int partition, String account, String container, String object, String deleteAt,
                         Timestamp version) throws IOException {
        long when;
        try {
            when = Long.parseLong(deleteAt);
        } catch (NumberFormatException e) {
            return; // the proxy checks X-Delete-At; nothing to schedule for a value that is no time
        }
        Path deviceRoot = diskFiles.device(device);
        Path dir = deviceRoot.resolve("expiring").resolve(Long.toString(when));
        DurableFiles.ensureDirectory(TempFolder.of(deviceRoot));
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("account", account);
        entry.put("container", container);
        entry.put("obj", object);
        entry.put("partition", Integer.toString(partition));
        entry.put("delete_at", Long.toString(when));
        Path temp = Files.createTempFile(TempFolder.of(deviceRoot), "expiring", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(entry)));
                out.force(true);
            }
            String hash = PathHasher.hex(hasher.hash(account, container, object));
            for (int attempt = 1; ; attempt++) {
                DurableFiles.ensureDirectory(dir);
                try {
                    Files.move(temp, dir.resolve(hash + "-" + version.internal()), StandardCopyOption.ATOMIC_MOVE);
                    break;
                } catch (java.nio.file.NoSuchFileException e) {
                    // a pass removed the folder of a time already due while it was empty: make it again
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            DurableFiles.fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public synchronized Pass runOnce() {
        long started = System.nanoTime();
        long now = System.currentTimeMillis() / 1000;
        long[] counts = new long[3];
        for (String device : Folders.names(diskFiles.devicesRoot())) {
            Path queue = diskFiles.devicesRoot().resolve(device).resolve("expiring");
            for (String time : Folders.names(queue)) {
                long when;
                try {
                    when = Long.parseLong(time);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (when > now) {
                    continue;
                }
                for (String name : Folders.names(queue.resolve(time))) {
                    Path entry = queue.resolve(time).resolve(name);
                    int outcome = expire(device, entry);
                    counts[outcome]++;
                }
                queue.resolve(time).toFile().delete(); // once empty
            }
        }
        Pass pass = new Pass(counts[0], counts[1], counts[2], (System.nanoTime() - started) / 1e9, now);
        last = pass;
        return pass;
    }

    /** @return 0 expired, 1 nothing to do (replaced, deleted or given a new X-Delete-At), 2 failed (kept for the next pass) */
    private int expire(String device, Path entryFile) {
        try {
            Map<String, String> entry = JSON.readValue(entryFile.toFile(), new TypeReference<Map<String, String>>() { });
            String account = entry.get("account");
            String container = entry.get("container");
            String object = entry.get("obj");
            DiskFile file = diskFiles.get(device, Integer.parseInt(entry.get("partition")), account, container, object);
            DiskFile.Stored stored = file.readEvenIfExpired();
            if (stored == null || !entry.get("delete_at").equals(stored.metadata().get("X-Delete-At"))) {
                Files.deleteIfExists(entryFile);
                return 1;
            }
            // dated just after the version that set X-Delete-At, not at X-Delete-At: a newer write this replica
            // missed (one without the expiry) must win over the tombstone when replication meets them
            Timestamp setBy = Timestamp.parse(stored.metadata().get("X-Timestamp"));
            Timestamp deleteAt = new Timestamp(setBy.hundredMicros() + 1);
            try {
                file.delete(deleteAt);
            } catch (DiskFileException.Conflict e) {
                Files.deleteIfExists(entryFile);
                return 1; // a newer version came
            }
            tellContainers(account, container, object, deleteAt, diskFiles.device(device));
            Files.deleteIfExists(entryFile);
            return 0;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not expire %s: %s", entryFile, e.getMessage());
            return 2;
        }
    }

    /** The container's replicas, from the container ring, lose the row (updates they miss are queued as async pendings). */
    private void tellContainers(String account, String container, String object, Timestamp deleteAt, Path deviceRoot) {
        Ring ring = rings.ring("container").orElse(null);
        if (ring == null) {
            LOG.warnf("no container ring: %s/%s/%s stays listed", account, container, object);
            return;
        }
        int partition = ring.partition(hasher, account, container, null);
        List<Device> primaries = ring.primaries(partition);
        String hosts = primaries.stream().map(d -> d.ip() + ":" + d.port()).collect(Collectors.joining(","));
        String devices = primaries.stream().map(Device::device).collect(Collectors.joining(","));
        containerUpdater.send(new ContainerUpdater.Update("DELETE", account, container, object, Map.of("X-Timestamp", deleteAt.internal()),
                hosts, Integer.toString(partition), devices), () -> deviceRoot, new ContainerUpdater.LocalContainers() {
                    @Override
                    public boolean holds(ContainerUpdater.Update update) {
                        return false;
                    }

                    @Override
                    public boolean apply(ContainerUpdater.Update update) {
                        return false;
                    }
                });
    }
}
