package io.stratus.nova.compute.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compute host's copy of each image its instances boot from (`<instancesDir>/_base/<image id>`, as
 * Nova's libvirt driver keeps them): downloaded once however many instances start from it at the
 * same time, checked against Glance's MD5 checksum before use, written under a temporary name and
 * renamed, so a cut download never passes for an image.
 */
public final class ImageCache {

    /** The bytes that arrived are not the image Glance described. */
    public static final class ImageCorrupt extends IOException {
        ImageCorrupt(String message) {
            super(message);
        }
    }

    private final Path baseDir;
    private final ImageSource source;
    private final Map<String, Object> downloads = new ConcurrentHashMap<>();

    public ImageCache(Path instancesDir, ImageSource source) {
        this.baseDir = instancesDir.resolve("_base");
        this.source = source;
    }

    /**
     * The cached image, downloaded first if it is not here.
     *
     * @param checksum Glance's `checksum` (MD5, hex); null skips the check (an image without one)
     * @param size Glance's `size`; -1 when unknown
     */
    public Path fetch(String imageId, String checksum, long size) throws IOException {
        return fetch(imageId, checksum, size, source);
    }

    /** As {@link #fetch(String, String, long)}, the bytes from {@code from} (e.g. Glance with the requesting user's token). */
    public Path fetch(String imageId, String checksum, long size, ImageSource from) throws IOException {
        if (!imageId.matches("[0-9a-fA-F-]{1,64}")) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        Path cached = baseDir.resolve(imageId);
        synchronized (downloads.computeIfAbsent(imageId, id -> new Object())) {
            if (Files.exists(cached)) {
                Files.setLastModifiedTime(cached, FileTime.from(Instant.now())); // in use: the oldest unused ones go first
                return cached;
            }
            Files.createDirectories(baseDir);
            Path part = Files.createTempFile(baseDir, imageId + ".", ".part");
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                long count = 0;
                try (InputStream in = from.open(imageId); OutputStream out = Files.newOutputStream(part)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int read; (read = in.read(buffer)) >= 0; ) {
                        md5.update(buffer, 0, read);
                        out.write(buffer, 0, read);
                        count += read;
                    }
                }
                if (size >= 0 && count != size) {
                    throw new ImageCorrupt("image " + imageId + ": " + count + " bytes arrived, Glance says " + size);
                }
                String got = HexFormat.of().formatHex(md5.digest());
                if (checksum != null && !checksum.equalsIgnoreCase(got)) {
                    throw new ImageCorrupt("image " + imageId + ": checksum " + got + " does not match Glance's " + checksum);
                }
                try {
                    Files.move(part, cached, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, cached);
                }
                return cached;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }
}
