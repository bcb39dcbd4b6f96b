package io.stratus.swift.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The current ring of a running server: re-reads the ring file when it changes (checked at most
 * every {@code checkIntervalMillis}), so a rebalanced ring is picked up without a restart. A file
 * that cannot be read leaves the previous ring in service.
 */
public final class RingWatcher {

    private final Path file;
    private final long checkIntervalMillis;
    private volatile Ring ring;
    private volatile FileTime loadedModified;
    private volatile long lastCheck;

    public RingWatcher(Path file, long checkIntervalMillis) throws IOException {
        this.file = file;
        this.checkIntervalMillis = checkIntervalMillis;
        this.loadedModified = Files.getLastModifiedTime(file);
        this.ring = Ring.read(file);
        this.lastCheck = System.currentTimeMillis();
    }

    public Ring ring() {
        long now = System.currentTimeMillis();
        if (now - lastCheck >= checkIntervalMillis) {
            reloadIfChanged(now);
        }
        return ring;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - lastCheck < checkIntervalMillis) {
            return;
        }
        lastCheck = now;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedModified)) {
                ring = Ring.read(file);
                loadedModified = modified;
            }
        } catch (IOException e) {
            // keep serving with the ring we have; the next check tries again
        }
    }
}
