package io.stratus.swift.storage.obj.diskfile;

import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.storage.common.TempFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds an object's {@link DiskFile} on a device of this node, refusing devices that are not there. */
public final class DiskFileManager {

    private final Path devicesRoot;
    private final boolean mountCheck;
    private final PathHasher hasher;
    private final long keepCacheSize;
    private final SuffixHashes suffixHashes;
    private final double reservePercent;
    private final Map<Path, java.nio.file.FileStore> stores = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Path, Long> reserves = new java.util.concurrent.ConcurrentHashMap<>();

    public DiskFileManager(Path devicesRoot, boolean mountCheck, PathHasher hasher, long keepCacheSize, SuffixHashes suffixHashes,
                           double reservePercent) {
        this.reservePercent = reservePercent;
        this.devicesRoot = devicesRoot;
        this.mountCheck = mountCheck;
        this.hasher = hasher;
        this.keepCacheSize = keepCacheSize;
        this.suffixHashes = suffixHashes;
    }

    public DiskFile get(String device, int partition, String account, String container, String object) {
        return at(device(device), partition, account, container, object);
    }

    /**
     * The object's {@link DiskFile} for a write of {@code length} bytes (-1: unknown), refused when it
     * would leave less than the reserve free on the device (Swift's fallocate_reserve): 507, which the
     * proxy counts as a failed replica.
     */
    public DiskFile forWrite(String device, int partition, String account, String container, String object, long length) {
        Path root = device(device);
        try {
            // looking a FileStore up reads the mount table, its size is one statvfs: both are kept; free space is asked each time
            java.nio.file.FileStore store = stores.computeIfAbsent(root, DiskFileManager::fileStore);
            long reserve = reserves.computeIfAbsent(root, r -> (long) (totalSpace(store) * reservePercent / 100));
            if (store.getUsableSpace() - Math.max(length, 0) < reserve) {
                throw new DiskFileException.DeviceFull(device);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new DiskFileException.DeviceUnavailable(device);
        }
        return at(root, partition, account, container, object);
    }

    private DiskFile at(Path deviceRoot, int partition, String account, String container, String object) {
        String hash = PathHasher.hex(hasher.hash(account, container, object));
        return byHash(deviceRoot, partition, hash, "/" + account + "/" + container + "/" + object);
    }

    /** An object known by its hash alone (replication): {@code name} may be null when only whole files with their metadata are written. */
    public DiskFile byHash(String device, int partition, String hash, String name) {
        if (hash.length() != 32 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("'" + hash + "' is not an object hash");
        }
        return byHash(device(device), partition, hash, name);
    }

    private DiskFile byHash(Path deviceRoot, int partition, String hash, String name) {
        Path partitionDir = partitionDir(deviceRoot, partition);
        String suffix = hash.substring(hash.length() - 3);
        return new FileSystemDiskFile(partitionDir.resolve(suffix).resolve(hash), TempFolder.of(deviceRoot), keepCacheSize,
                () -> suffixHashes.invalidate(partitionDir, suffix), name);
    }

    private static long totalSpace(java.nio.file.FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.nio.file.FileStore fileStore(Path root) {
        try {
            return Files.getFileStore(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path partitionDir(Path deviceRoot, int partition) {
        return deviceRoot.resolve("objects").resolve(Integer.toString(partition));
    }

    public SuffixHashes suffixHashes() {
        return suffixHashes;
    }

    /** The metadata a file of an object was written with. */
    public static Map<String, String> metadataOf(Path file) throws java.io.IOException {
        return FileSystemDiskFile.readMetadata(file);
    }

    /** The folder every device of this node is in. */
    public Path devicesRoot() {
        return devicesRoot;
    }

    /**
     * The device's folder. A device listed in the ring but missing here (or, with mount_check, not a
     * mount point) is unavailable: nothing is ever written into the root file system in its place.
     */
    public Path device(String device) {
        if (device.isEmpty() || device.contains("/") || device.equals(".") || device.equals("..")) {
            throw new DiskFileException.DeviceUnavailable(device);
        }
        Path root = devicesRoot.resolve(device);
        if (!Files.isDirectory(root)) {
            throw new DiskFileException.DeviceUnavailable(device);
        }
        if (mountCheck) {
            try {
                if (Files.getFileStore(root).equals(Files.getFileStore(root.getParent()))) {
                    throw new DiskFileException.DeviceUnavailable(device);
                }
            } catch (java.io.IOException e) {
                throw new DiskFileException.DeviceUnavailable(device);
            }
        }
        return root;
    }
}
