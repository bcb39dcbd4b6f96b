package io.stratus.swift.storage.maintenance;

import io.stratus.swift.storage.common.Folders;
import io.stratus.swift.storage.obj.ContainerUpdater;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The object updater: sends the container updates queued as async pendings again, and forgets each one
 * its container took. As Swift's updater does, it asks the container ring where the container lives
 * now: an update naming a device that is no longer one of the container's primaries (the ring was
 * rebalanced, or the device removed) goes to every current primary instead.
 */
@ApplicationScoped
public class AsyncPendingUpdater {

    private static final Logger LOG = Logger.getLogger(AsyncPendingUpdater.class);

    @Inject
    DiskFileManager diskFiles;
    @Inject
    ContainerUpdater containerUpdater;
    @Inject
    io.stratus.swift.storage.replication.NodeRings rings;
    @Inject
    io.stratus.swift.ring.PathHasher hasher;

    public record Pass(long sent, long stillPending, double seconds, long finishedAt) {
    }

    private volatile Pass last;

    public Pass last() {
        return last;
    }

    public synchronized Pass runOnce() {
        long started = System.nanoTime();
        long sent = 0;
        long pending = 0;
        for (Path file : pendings(diskFiles.devicesRoot())) {
            try {
                boolean delivered = true;
                for (ContainerUpdater.Update update : whereItGoesNow(ContainerUpdater.readPending(file))) {
                    delivered &= containerUpdater.deliver(update);
                }
                if (delivered) {
                    Files.deleteIfExists(file);
                    sent++;
                } else {
                    pending++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("async pending %s could not be sent: %s", file, e.getMessage());
                pending++;
            }
        }
        Pass pass = new Pass(sent, pending, (System.nanoTime() - started) / 1e9, System.currentTimeMillis() / 1000);
        last = pass;
        return pass;
    }

    /** The update as queued while its device is still a primary of the container; else one for each current primary. */
    private java.util.List<ContainerUpdater.Update> whereItGoesNow(ContainerUpdater.Update update) {
        java.util.Optional<io.stratus.swift.ring.Ring> found = rings.ring("container");
        if (found.isEmpty()) {
            return java.util.List.of(update);
        }
        io.stratus.swift.ring.Ring ring = found.get();
        String partition = Integer.toString(ring.partition(hasher, update.account(), update.container(), null));
        java.util.List<io.stratus.swift.ring.Device> primaries = ring.primaries(Integer.parseInt(partition));
        boolean stillPrimary = partition.equals(update.partition()) && primaries.stream()
                .anyMatch(d -> (d.ip() + ":" + d.port()).equals(update.host()) && d.device().equals(update.device()));
        if (stillPrimary) {
            return java.util.List.of(update);
        }
        return primaries.stream().map(d -> new ContainerUpdater.Update(update.operation(), update.account(), update.container(),
                update.object(), update.headers(), d.ip() + ":" + d.port(), partition, d.device())).toList();
    }

    /** Every queued update on every device, oldest suffix folder first. */
    public static java.util.List<Path> pendings(Path devicesRoot) {
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (String device : Folders.names(devicesRoot)) {
            Path queue = devicesRoot.resolve(device).resolve("async_pending");
            for (String suffix : Folders.names(queue)) {
                for (String name : Folders.names(queue.resolve(suffix))) {
                    files.add(queue.resolve(suffix).resolve(name));
                }
            }
        }
        return files;
    }
}
