package io.stratus.swift.storage.common;

import java.nio.file.Path;
import java.util.Arrays;

/** Listing the folders the background jobs walk (devices, partitions, suffixes, queues). */
public final class Folders {

    private Folders() {
    }

    /**
     * The names in a folder, sorted; none when it does not exist (java.io.File answers null where
     * Files.list throws, and a missing folder is common here: a device without containers, an empty queue).
     */
    public static String[] names(Path dir) {
        String[] names = dir.toFile().list();
        if (names == null) {
            return new String[0];
        }
        Arrays.sort(names);
        return names;
    }
}
