package io.stratus.swift.storage.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A device's {@code tmp} folder, where files are made before they are placed: named temp files, databases
 * being built, copied or received, async pendings and expirer entries before their rename. It is on the
 * device's file system, so that the placing is a link or a rename.
 */
public final class TempFolder {

    private static final Logger LOG = Logger.getLogger(TempFolder.class);

    private TempFolder() {
    }

    public static Path of(Path deviceRoot) {
        return deviceRoot.resolve("tmp");
    }

    /**
     * Removes the files there that nothing has modified for {@code age}: what a crash left between making a
     * file and placing it, which nothing else would ever remove (Swift's replicators do the same with their
     * reclaim_age). A file being written is modified as it grows, so one in use is not taken.
     * @return how many were removed
     */
    public static int removeStale(Path deviceRoot, Duration age) {
        Path folder = of(deviceRoot);
        long cutoff = System.currentTimeMillis() - age.toMillis();
        int removed = 0;
        for (String name : Folders.names(folder)) {
            Path file = folder.resolve(name);
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() < cutoff && Files.deleteIfExists(file)) {
                    removed++;
                }
            } catch (NoSuchFileException e) {
                // placed or removed a moment ago
            } catch (IOException e) {
                LOG.warnf("%s: cannot remove the stale temp file %s: %s", folder, name, e.toString());
            }
        }
        if (removed > 0) {
            LOG.infof("%s: removed %d temp files untouched for %s", folder, removed, age);
        }
        return removed;
    }
}
