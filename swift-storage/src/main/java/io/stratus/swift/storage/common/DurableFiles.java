package io.stratus.swift.storage.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/** Folders and renames that survive a crash once the call returns. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Creates a folder and every missing parent, fsyncing the folder that holds each new one: a rename
     * fsynced inside a folder whose own entry was never made durable can vanish with it after a crash
     * (Swift's renamer does the same with fsync=True).
     * @return true when this call made {@code dir} itself
     */
    public static boolean ensureDirectory(Path dir) throws IOException {
        Set<Path> unsynced = new LinkedHashSet<>();
        boolean made = makeDirectories(dir, unsynced);
        fsyncEntries(unsynced);
        return made;
    }

    /**
     * Creates a folder and every missing parent without waiting for the disk, for a caller that fills it at
     * once: a folder stays empty only for a moment, so that a cleaner removing empty folders (the replicator)
     * rarely takes it away in between. Each folder made, or found made a moment ago by another request that
     * may not have fsynced its entry yet, is added to {@code unsynced}, for {@link #fsyncEntries}.
     * @return true when this call made {@code dir} itself
     */
    public static boolean makeDirectories(Path dir, Set<Path> unsynced) throws IOException {
        if (dir.toFile().isDirectory()) { // java.io.File: no exception (and stack trace) for a missing folder
            return false;
        }
        makeDirectories(dir.getParent(), unsynced);
        boolean made = true;
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            made = false;
        }
        unsynced.add(dir);
        return made;
    }

    /** Puts a file in its folder: a link or a rename, which fails with NoSuchFileException while the folder is missing. */
    @FunctionalInterface
    public interface Placing {
        void run() throws IOException;
    }

    /**
     * Places a file in {@code folder} for good. The folder and its missing parents are made first when
     * {@code makeFirst}, else once {@code place} finds them missing; a cleaner that removes empty folders
     * (the replicator, after hashing a suffix or handing a partition off) may take them away in between, so
     * they are made again, up to five times. New folders are fsynced only once the file is in them, so that
     * they are empty for as short a time as possible; then {@code folder} is, for the file's own entry.
     * @param source the file being placed, when it has a name: once it is gone, a missing file is not retried
     * @return true when this call made {@code folder} itself (the last attempt did)
     */
    public static boolean placeInFolder(Path folder, boolean makeFirst, Path source, Placing place) throws IOException {
        Set<Path> unsynced = new LinkedHashSet<>();
        boolean made = false;
        boolean make = makeFirst;
        for (int attempt = 1; ; attempt++) {
            try {
                if (make) {
                    made = makeDirectories(folder, unsynced);
                }
                place.run();
                break;
            } catch (NoSuchFileException e) {
                if (attempt == 5 || (source != null && !Files.exists(source))) {
                    throw e;
                }
                make = true;
            }
        }
        fsyncEntries(unsynced);
        fsyncDirectory(folder);
        return made;
    }

    /** Makes the entry of each folder durable in the folder that holds it. */
    public static void fsyncEntries(Set<Path> folders) throws IOException {
        for (Path folder : folders) {
            fsyncDirectory(folder.getParent());
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
