package io.stratus.swift.storage.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
        if (dir.toFile().isDirectory()) { // java.io.File: no exception (and stack trace) for a missing folder
            return false;
        }
        ensureDirectory(dir.getParent());
        boolean made = true;
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            made = false; // another request made it a moment ago and may not have fsynced its parent yet: do it here too
        }
        fsyncDirectory(dir.getParent());
        return made;
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
