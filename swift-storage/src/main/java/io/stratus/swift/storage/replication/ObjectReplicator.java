package io.stratus.swift.storage.replication;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.common.PeerDeviceUnavailable;
import io.stratus.swift.storage.common.TempFolder;
import io.stratus.swift.storage.config.StorageConfig;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.stratus.swift.storage.obj.diskfile.SuffixHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The object replicator: for each partition on this node's devices, compares suffix hashes with the
 * partition's other primaries and pushes what they miss (newer `.data`, `.ts` and `.meta` files,
 * one request each: {@link ReplicationResource}). A partition this device is not a primary of (a
 * handoff, or one the ring moved away) is pushed to all its primaries and then removed here.
 */
@ApplicationScoped
public class ObjectReplicator {

    private static final Logger LOG = Logger.getLogger(ObjectReplicator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String METADATA_LENGTH = "X-Backend-Metadata-Length";

    @Inject
    DiskFileManager diskFiles;
    @Inject
    NodeRings rings;
    @Inject
    StorageConfig config;

    /** What one pass did; {@code failures} counts peers that could not be synchronised with. */
    public record Pass(int partitions, int suffixesSynced, long filesPushed, long bytesPushed, long handoffFilesRemoved,
                       int failures, double seconds, long finishedAt) {
    }

    private volatile Pass last;
    private volatile long lastSuccess;

    public Pass last() {
        return last;
    }

    /** Epoch seconds of the end of the last pass that reached every peer; 0 before the first. */
    public long lastSuccess() {
        return lastSuccess;
    }

    /** One pass over every partition of every local device, {@code replication-concurrency} partitions at a time. */
    public synchronized Pass runOnce() throws InterruptedException {
        long started = System.nanoTime();
        Counters counters = new Counters();
        Ring ring = rings.ring("object").orElse(null);
        if (ring != null) {
            List<java.util.concurrent.Callable<Void>> work = new ArrayList<>();
            for (Device device : rings.localDevices(ring)) {
                Path root = diskFiles.devicesRoot().resolve(device.device());
                if (!Files.isDirectory(root)) {
                    continue; // unmounted or missing: nothing to read, and nothing is written into its place
                }
                TempFolder.removeStale(root, config.reclaimAge());
                for (int partition : partitionsOn(root, ring)) {
                    work.add(() -> {
                        Counters mine = new Counters();
                        mine.partitions = 1;
                        replicatePartition(ring, device, root, partition, mine);
                        counters.add(mine);
                        return null;
                    });
                }
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(config.replicationConcurrency());
            try {
                pool.invokeAll(work);
            } finally {
                pool.shutdownNow();
            }
        }
        Pass pass = new Pass(counters.partitions, counters.suffixes, counters.files, counters.bytes, counters.removed,
                counters.failures, (System.nanoTime() - started) / 1e9, System.currentTimeMillis() / 1000);
        last = pass;
        if (pass.failures() == 0) {
            lastSuccess = pass.finishedAt();
        }
        return pass;
    }

    private static final class Counters {
        int partitions;
        int suffixes;
        long files;
        long bytes;
        long removed;
        int failures;

        synchronized void add(Counters other) {
            partitions += other.partitions;
            suffixes += other.suffixes;
            files += other.files;
            bytes += other.bytes;
            removed += other.removed;
            failures += other.failures;
        }
    }

    private static List<Integer> partitionsOn(Path deviceRoot, Ring ring) {
        List<Integer> partitions = new ArrayList<>();
        for (String name : Folders.names(deviceRoot.resolve("objects"))) {
            try {
                int partition = Integer.parseInt(name);
                if (partition >= 0 && partition < ring.partitionCount()) {
                    partitions.add(partition);
                }
            } catch (NumberFormatException e) {
                // not a partition
            }
        }
        return partitions;
    }

    private void replicatePartition(Ring ring, Device device, Path root, int partition, Counters counters) {
        List<Device> primaries = ring.primaries(partition);
        boolean handoff = primaries.stream().noneMatch(d -> d.id() == device.id());
        Path partitionDir = DiskFileManager.partitionDir(root, partition);
        Set<Path> coveredByAll = null;
        boolean allReached = true;
        // a primary whose device is unmounted or full (507) gets its copy on a handoff instead, as Swift does; the
        // handoff's own replicator takes it home once the device is back
        Iterator<Device> standIns = handoff ? Collections.emptyIterator() : NodeRings.standIns(ring, partition, device);
        List<Device> peers = new ArrayList<>(primaries);
        for (int i = 0; i < peers.size(); i++) {
            Device peer = peers.get(i);
            if (peer.id() == device.id()) {
                continue;
            }
            try {
                Set<Path> covered = sync(partitionDir, partition, peer, handoff, counters);
                if (coveredByAll == null) {
                    coveredByAll = covered;
                } else {
                    coveredByAll.retainAll(covered);
                }
            } catch (IOException | RuntimeException e) {
                allReached = false;
                counters.failures++;
                LOG.debugf("replication of partition %d to %s failed: %s", partition, peer, e.getMessage());
                if (e instanceof PeerDeviceUnavailable && standIns.hasNext()) {
                    peers.add(standIns.next());
                }
            }
        }
        if (handoff && allReached && coveredByAll != null) {
            removeHandedOff(partitionDir, coveredByAll, counters);
        }
    }

    /** Pushes what {@code peer} misses of the partition. @return the local files the peer now has (or has newer) */
    private Set<Path> sync(Path partitionDir, int partition, Device peer, boolean handoff, Counters counters) throws IOException {
        SuffixHashes hashes = diskFiles.suffixHashes();
        // only a handoff needs to know file by file what the peer has (to remove it here): the files listed
        // before the hashes are made afresh are all in those hashes, so a suffix the peer hashes the same has them
        Map<String, List<String>> before = Map.of();
        List<String> recalculate = List.of();
        if (handoff) {
            String[] suffixes = partitionDir.toFile().list();
            recalculate = suffixes == null ? List.of() : List.of(suffixes).stream().filter(SuffixHashes::isSuffix).toList();
            before = hashes.files(partitionDir, recalculate);
        }
        Map<String, String> mine = hashes.hashes(partitionDir, recalculate);
        Map<String, String> theirs = ask(peer, partition, "", new TypeReference<Map<String, String>>() { });
        Set<String> differing = new TreeSet<>();
        Set<String> same = new TreeSet<>();
        mine.forEach((suffix, hash) -> (hash.equals(theirs.get(suffix)) ? same : differing).add(suffix));
        Set<Path> covered = new HashSet<>();
        before.forEach((hash, names) -> {
            if (same.contains(hash.substring(29))) {
                names.forEach(name -> covered.add(partitionDir.resolve(hash.substring(29)).resolve(hash).resolve(name)));
            }
        });
        if (differing.isEmpty()) {
            return covered;
        }
        counters.suffixes += differing.size();
        Failed failed = null;
        Map<String, List<String>> theirFiles = ask(peer, partition, "?list=" + String.join(",", differing),
                new TypeReference<Map<String, List<String>>>() { });
        for (Map.Entry<String, List<String>> object : hashes.files(partitionDir, differing).entrySet()) {
            String hash = object.getKey();
            List<String> remote = theirFiles.getOrDefault(hash, List.of());
            Timestamp remoteCurrent = newest(remote, false);
            Timestamp remoteAny = newest(remote, true);
            // .data and .ts before .meta: a .meta is only taken on top of its .data
            List<String> names = new ArrayList<>(object.getValue());
            names.sort((a, b) -> Boolean.compare(a.endsWith(".meta"), b.endsWith(".meta")));
            for (String name : names) {
                Path file = partitionDir.resolve(hash.substring(29)).resolve(hash).resolve(name);
                Timestamp timestamp = Timestamp.parse(name.substring(0, name.lastIndexOf('.')));
                Timestamp theirsCovering = name.endsWith(".meta") ? remoteAny : remoteCurrent;
                boolean has = remote.contains(name) || (theirsCovering != null && !timestamp.isAfter(theirsCovering));
                if (!has) {
                    long sent;
                    try {
                        sent = push(peer, partition, hash, file);
                    } catch (Refused e) {
                        LOG.warnf("%s refused %s: %s", peer, file, e.getMessage()); // the auditor will quarantine it here
                        continue;
                    } catch (Failed e) {
                        // the peer answers, so the partition's other files still go; this one is tried next pass
                        failed = failed == null ? e : failed;
                        continue;
                    }
                    if (sent < 0) {
                        continue; // gone here meanwhile (a newer version replaced it)
                    }
                    counters.files++;
                    counters.bytes += sent;
                }
                covered.add(file);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return covered;
    }

    private static Timestamp newest(List<String> names, boolean withMeta) {
        Timestamp newest = null;
        for (String name : names) {
            if (!withMeta && name.endsWith(".meta")) {
                continue;
            }
            Timestamp t = Timestamp.parse(name.substring(0, name.lastIndexOf('.')));
            if (newest == null || t.isAfter(newest)) {
                newest = t;
            }
        }
        return newest;
    }

    private <T> T ask(Device peer, int partition, String query, TypeReference<T> type) throws IOException {
        KeepAliveHttp.Answer answer = KeepAliveHttp.exchange(peer.ip(), peer.port(), "REPLICATE",
                "/" + peer.device() + "/" + partition + query, Map.of(), null, Duration.ofSeconds(2), config.replicationTimeout());
        if (answer.status() == 507) {
            throw new PeerDeviceUnavailable(peer + " answered 507");
        }
        if (answer.status() != 200) {
            throw new IOException("REPLICATE answered " + answer.status());
        }
        return JSON.readValue(answer.body(), type);
    }

    /** Sends one file with its metadata. @return the bytes of the file sent, or -1 when it is gone here */
    private long push(Device peer, int partition, String hash, Path file) throws IOException {
        Map<String, String> metadata;
        FileChannel data;
        try {
            metadata = DiskFileManager.metadataOf(file);
            data = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return -1;
        }
        try (data) {
            byte[] head = JSON.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8);
            long size = file.getFileName().toString().endsWith(".data") ? data.size() : 0;
            KeepAliveHttp.Connection connection = KeepAliveHttp.open(peer.ip(), peer.port(), "SYNC",
                    "/" + peer.device() + "/" + partition + "/" + hash + "/" + file.getFileName(),
                    Map.of(METADATA_LENGTH, Integer.toString(head.length)), head.length + size, Duration.ofSeconds(2),
                    config.replicationTimeout());
            try {
                connection.write(head, 0, head.length);
                ByteBuffer buffer = ByteBuffer.allocate(KeepAliveHttp.BUFFER);
                long position = 0;
                while (position < size) {
                    buffer.clear();
                    int read = data.read(buffer, position);
                    if (read < 0) {
                        throw new IOException(file + " shrank while it was sent");
                    }
                    buffer.flip();
                    connection.write(buffer);
                    position += read;
                }
                connection.finish();
                int status = connection.readAnswer().status();
                // 409: the peer has this version or a newer one already
                if (status == 422 || status == 499) {
                    throw new Refused("SYNC of " + file.getFileName() + " answered " + status);
                }
                if (status / 100 != 2 && status != 409) {
                    throw new Failed("SYNC of " + file.getFileName() + " answered " + status);
                }
                return size;
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    /** A peer refused one file (its bytes do not match its ETag or length): the rest of the partition goes on. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** A peer answered an error to one file: the rest of the partition goes on, the pass counts a failure. */
    private static final class Failed extends IOException {
        Failed(String message) {
            super(message);
        }
    }

    /** Removes the files every primary has now, then the folders they leave empty. */
    private void removeHandedOff(Path partitionDir, Set<Path> covered, Counters counters) {
        Set<String> suffixes = new TreeSet<>();
        for (Path file : covered) {
            try {
                if (Files.deleteIfExists(file)) {
                    counters.removed++;
                }
                suffixes.add(file.getParent().getParent().getFileName().toString());
                file.getParent().toFile().delete(); // the object's folder, if now empty
            } catch (IOException e) {
                LOG.warnf("could not remove handed-off %s: %s", file, e.getMessage());
            }
        }
        for (String suffix : suffixes) {
            diskFiles.suffixHashes().invalidate(partitionDir, suffix);
            partitionDir.resolve(suffix).toFile().delete();
        }
        partitionDir.toFile().delete();
    }
}
