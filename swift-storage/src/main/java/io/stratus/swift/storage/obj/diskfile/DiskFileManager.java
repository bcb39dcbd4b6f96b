package io.stratus.swift.storage.obj.diskfile;

import io.stratus.swift.ring.PathHasher;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds an object's {@link DiskFile} on a device of this node, refusing devices that are not there. */
public final class DiskFileManager {

    private final Path devicesRoot;
    private final boolean mountCheck;
    private final PathHasher hasher;
    private final long keepCacheSize;

    public DiskFileManager(Path devicesRoot, boolean mountCheck, PathHasher hasher, long keepCacheSize) {
        this.devicesRoot = devicesRoot;
        this.mountCheck = mountCheck;
        this.hasher = hasher;
        this.keepCacheSize = keepCacheSize;
    }

    public DiskFile get(String device, int partition, String account, String container, String object) {
        Path deviceRoot = device(device);
        String hash = PathHasher.hex(hasher.hash(account, container, object));
        Path directory = deviceRoot.resolve("objects").resolve(Integer.toString(partition))
                .resolve(hash.substring(hash.length() - 3)).resolve(hash);
        return new FileSystemDiskFile(directory, deviceRoot.resolve("tmp"), keepCacheSize);
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
