package io.stratus.swift.storage.obj.diskfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the replicator compares between replicas of a partition: one MD5 per suffix folder over the
 * names of the files in it (names are timestamps, so equal names mean equal versions). Kept in memory
 * and invalidated by every write to the suffix; a partition folder that was removed and made again
 * (a wiped disk) is recognised by its inode and hashed afresh. Hashing also tidies: obsolete files,
 * empty folders and tombstones older than {@code reclaimAgeMillis} are removed.
 */
public final class SuffixHashes {

    private final long reclaimAgeMillis;
    private final Map<Path, Partition> partitions = new ConcurrentHashMap<>();

    public SuffixHashes(long reclaimAgeMillis) {
        this.reclaimAgeMillis = reclaimAgeMillis;
    }

    /** One partition folder's cached hashes, with when each suffix was last invalidated (a counter, not a clock). */
    private static final class Partition {
        final Object inode;
        final Map<String, String> hashes = new ConcurrentHashMap<>();
        final Map<String, Long> invalidated = new ConcurrentHashMap<>();
        long clock;

        Partition(Object inode) {
            this.inode = inode;
        }

        synchronized void invalidate(String suffix) {
            invalidated.put(suffix, ++clock);
            hashes.remove(suffix);
        }

        synchronized long now() {
            return clock;
        }

        /** Caches a hash computed since {@code startedAt} unless a write to the suffix came in meanwhile. */
        synchronized void store(String suffix, String hash, long startedAt) {
            if (invalidated.getOrDefault(suffix, -1L) <= startedAt) {
                hashes.put(suffix, hash);
            }
        }
    }

    public void invalidate(Path partitionDir, String suffix) {
        Partition partition = partitions.get(partitionDir);
        if (partition != null) {
            partition.invalidate(suffix);
        }
    }

    /**
     * The partition's suffix hashes (suffix to hex MD5), those in {@code recalculate} hashed afresh.
     * An empty map when the partition folder does not exist.
     */
    public Map<String, String> hashes(Path partitionDir, Collection<String> recalculate) throws IOException {
        Object inode = inode(partitionDir);
        if (inode == null) {
            partitions.remove(partitionDir);
            return Map.of();
        }
        Partition partition = partitions.compute(partitionDir,
                (dir, cached) -> cached != null && cached.inode.equals(inode) ? cached : new Partition(inode));
        recalculate.forEach(partition::invalidate);
        String[] suffixes = partitionDir.toFile().list();
        Map<String, String> result = new TreeMap<>();
        if (suffixes == null) {
            return result;
        }
        partition.hashes.keySet().retainAll(Arrays.asList(suffixes));
        for (String suffix : suffixes) {
            if (!isSuffix(suffix)) {
                continue;
            }
            String hash = partition.hashes.get(suffix);
            if (hash == null) {
                long startedAt = partition.now();
                hash = hashSuffix(partitionDir.resolve(suffix));
                if (hash == null) {
                    continue; // empty, and removed
                }
                partition.store(suffix, hash, startedAt);
            }
            result.put(suffix, hash);
        }
        return result;
    }

    /** Each object folder of the given suffixes with the names of its files, tidied first. */
    public Map<String, List<String>> files(Path partitionDir, Collection<String> suffixes) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        for (String suffix : suffixes) {
            if (!isSuffix(suffix)) {
                throw new IllegalArgumentException("'" + suffix + "' is not a suffix");
            }
            invalidate(partitionDir, suffix); // tidying may remove files: hash it again next time
            String[] hashes = partitionDir.resolve(suffix).toFile().list();
            if (hashes == null) {
                continue;
            }
            for (String hash : hashes) {
                List<FileSystemDiskFile.Version> kept = tidy(partitionDir.resolve(suffix).resolve(hash));
                if (!kept.isEmpty()) {
                    files.put(hash, kept.stream().map(FileSystemDiskFile.Version::fileName).sorted().toList());
                }
            }
        }
        return files;
    }

    private String hashSuffix(Path suffixDir) throws IOException {
        String[] hashes = suffixDir.toFile().list();
        if (hashes == null) {
            return null;
        }
        Arrays.sort(hashes);
        MessageDigest md5 = io.stratus.swift.digest.BodyDigest.jdkMd5();
        boolean any = false;
        for (String hash : hashes) {
            List<FileSystemDiskFile.Version> kept = tidy(suffixDir.resolve(hash));
            if (kept.isEmpty()) {
                continue;
            }
            any = true;
            md5.update(hash.getBytes(StandardCharsets.US_ASCII));
            kept.stream().map(FileSystemDiskFile.Version::fileName).sorted()
                    .forEach(name -> md5.update(name.getBytes(StandardCharsets.US_ASCII)));
        }
        if (!any) {
            removeIfEmpty(suffixDir);
            return null;
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Removes obsolete files and a tombstone past the reclaim age; @return the files left (none: the folder is gone) */
    private List<FileSystemDiskFile.Version> tidy(Path hashDir) throws IOException {
        List<FileSystemDiskFile.Version> kept = FileSystemDiskFile.cleanUp(hashDir);
        FileSystemDiskFile.Version current = FileSystemDiskFile.current(kept);
        if (current != null && current.extension().equals("ts")
                && current.timestamp().epochSeconds() * 1000 < System.currentTimeMillis() - reclaimAgeMillis) {
            for (FileSystemDiskFile.Version v : kept) {
                Files.deleteIfExists(v.path());
            }
            kept = List.of();
        }
        if (kept.isEmpty()) {
            removeIfEmpty(hashDir);
        }
        return kept;
    }

    private static void removeIfEmpty(Path dir) {
        dir.toFile().delete(); // only succeeds when empty; a write that just made it keeps it
    }

    public static boolean isSuffix(String name) {
        return name.length() == 3 && HexFormat.isHexDigit(name.charAt(0)) && HexFormat.isHexDigit(name.charAt(1))
                && HexFormat.isHexDigit(name.charAt(2));
    }

    private static Object inode(Path dir) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
            return attributes.isDirectory() ? attributes.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
