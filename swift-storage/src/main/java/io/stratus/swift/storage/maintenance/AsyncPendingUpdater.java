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

/** The object updater: sends the container updates queued as async pendings again, and forgets each one a container took. */
@ApplicationScoped
public class AsyncPendingUpdater {

    private static final Logger LOG = Logger.getLogger(AsyncPendingUpdater.class);

    @Inject
    DiskFileManager diskFiles;
    @Inject
    ContainerUpdater containerUpdater;

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
                if (containerUpdater.deliver(ContainerUpdater.readPending(file))) {
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
