package io.stratus.swift.storage.maintenance;

import io.stratus.swift.digest.BodyDigest;
import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.config.StorageConfig;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The object auditor: reads every object on this node's devices again, at most
 * {@code audit-files-per-second} files and {@code audit-bytes-per-second} bytes, and quarantines one
 * whose bytes no longer match its ETag and length, or whose metadata cannot be read. The replicator
 * then brings a good copy back from a peer.
 */
@ApplicationScoped
public class ObjectAuditor {

    private static final Logger LOG = Logger.getLogger(ObjectAuditor.class);

    @Inject
    DiskFileManager diskFiles;
    @Inject
    StorageConfig config;

    /** One pass: what was read, what was quarantined, how fast. */
    public record Pass(long files, long bytes, long quarantined, double seconds, double filesPerSecond, double bytesPerSecond,
                       long finishedAt) {
    }

    private volatile Pass last;

    public Pass last() {
        return last;
    }

    public synchronized Pass runOnce() throws InterruptedException {
        long started = System.nanoTime();
        RateLimiter files = new RateLimiter(config.auditFilesPerSecond());
        RateLimiter bytes = new RateLimiter(config.auditBytesPerSecond());
        long[] counts = new long[3];
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (String device : Folders.names(diskFiles.devicesRoot())) {
            Path objects = diskFiles.devicesRoot().resolve(device).resolve("objects");
            for (String partition : Folders.names(objects)) {
                for (String suffix : Folders.names(objects.resolve(partition))) {
                    for (String hash : Folders.names(objects.resolve(partition).resolve(suffix))) {
                        Path data = currentData(objects.resolve(partition).resolve(suffix).resolve(hash));
                        if (data == null) {
                            continue;
                        }
                        files.acquire(1);
                        long read = audit(device, Integer.parseInt(partition), hash, data, buffer, bytes);
                        counts[0]++;
                        if (read < 0) {
                            counts[2]++;
                        } else {
                            counts[1] += read;
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Pass pass = new Pass(counts[0], counts[1], counts[2], seconds, counts[0] / Math.max(seconds, 1e-9),
                counts[1] / Math.max(seconds, 1e-9), System.currentTimeMillis() / 1000);
        last = pass;
        return pass;
    }

    /** @return the bytes read, or -1 when the object was quarantined */
    private long audit(String device, int partition, String hash, Path data, ByteBuffer buffer, RateLimiter bytes)
            throws InterruptedException {
        String problem;
        long read = 0;
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ)) {
            Map<String, String> metadata = DiskFileManager.metadataOf(data);
            BodyDigest md5 = BodyDigest.md5();
            for (int n; (n = in.read(buffer.clear())) > 0; ) {
                md5.digest(buffer.flip());
                read += n;
                bytes.acquire(n);
            }
            if (!Long.toString(read).equals(metadata.get("Content-Length"))) {
                problem = "its length is " + read + ", its metadata says " + metadata.get("Content-Length");
            } else if (!md5.hex().equalsIgnoreCase(metadata.get("ETag"))) {
                problem = "its MD5 is " + md5.hex() + ", its ETag " + metadata.get("ETag");
            } else {
                return read;
            }
        } catch (NoSuchFileException e) {
            return read; // replaced or deleted meanwhile
        } catch (IOException | RuntimeException e) {
            problem = "it cannot be read (" + e + ")";
        }
        LOG.warnf("quarantining %s on %s: %s", hash, device, problem);
        try {
            diskFiles.byHash(device, partition, hash, null).quarantine(data);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not quarantine %s on %s: %s", hash, device, e.getMessage());
        }
        return -1;
    }

    private static Path currentData(Path hashDir) {
        String[] names = hashDir.toFile().list();
        if (names == null) {
            return null;
        }
        String newest = null;
        for (String name : names) {
            if ((name.endsWith(".data") || name.endsWith(".ts")) && (newest == null || name.compareTo(newest) > 0)) {
                newest = name;
            }
        }
        return newest != null && newest.endsWith(".data") ? hashDir.resolve(newest) : null;
    }
}
