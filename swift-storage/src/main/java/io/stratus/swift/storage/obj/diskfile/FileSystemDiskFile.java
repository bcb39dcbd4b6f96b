package io.stratus.swift.storage.obj.diskfile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.digest.BodyDigest;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.StagedFile;
import io.stratus.swift.net.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Swift's one-file-per-object layout: `<device>/objects/<partition>/<suffix>/<hash>/<timestamp>.data`
 * (or `.ts`, `.meta`), metadata as JSON in the `user.swift.metadata` extended attribute.
 */
final class FileSystemDiskFile implements DiskFile {

    static final String METADATA_ATTRIBUTE = "swift.metadata";
    /** A large body's pages go to disk in windows of this size as it arrives, not all at its fsync. */
    static final long WRITEBACK_WINDOW = 8L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Path tmpDirectory;
    private final long keepCacheSize;
    private final Runnable changed;
    private final String name;

    /**
     * @param changed told after every file added to or removed from the object's folder (its suffix hash is stale)
     * @param name the object's path, /account/container/object, kept in every file's metadata
     */
    FileSystemDiskFile(Path directory, Path tmpDirectory, long keepCacheSize, Runnable changed, String name) {
        this.directory = directory;
        this.tmpDirectory = tmpDirectory;
        this.keepCacheSize = keepCacheSize;
        this.changed = changed;
        this.name = name;
    }

    /** The files of the object, newest first, as (timestamp, extension, path). */
    record Version(Timestamp timestamp, String extension, Path path) {
        String fileName() {
            return path.getFileName().toString();
        }

        boolean isMeta() {
            return extension.equals("meta");
        }
    }

    private List<Version> versions() {
        return versions(directory);
    }

    static List<Version> versions(Path directory) {
        List<Version> found = versionsIfFolder(directory);
        return found == null ? new ArrayList<>() : found;
    }

    /** @return null when the object has no folder (yet) */
    private static List<Version> versionsIfFolder(Path directory) {
        // java.io.File answers null for a missing folder; Files.list throws, and a new object's folder is always missing
        String[] names = directory.toFile().list();
        if (names == null) {
            return null;
        }
        List<Version> found = new ArrayList<>();
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                String extension = name.substring(dot + 1);
                if (extension.equals("data") || extension.equals("ts") || extension.equals("meta")) {
                    try {
                        found.add(new Version(Timestamp.parse(name.substring(0, dot)), extension, directory.resolve(name)));
                    } catch (IllegalArgumentException e) {
                        // not one of ours: left for the auditor
                    }
                }
            }
        }
        found.sort((a, b) -> b.timestamp().compareTo(a.timestamp()));
        return found;
    }

    /** The newest `.data` or `.ts`. */
    static Version current(List<Version> versions) {
        for (Version v : versions) {
            if (!v.extension().equals("meta")) {
                return v;
            }
        }
        return null;
    }

    @Override
    public Stored read() {
        List<Version> versions = versions();
        Version current = current(versions);
        if (current == null) {
            throw new DiskFileException.NotExist();
        }
        if (current.extension().equals("ts")) {
            throw new DiskFileException.Deleted(current.timestamp());
        }
        try {
            Map<String, String> metadata = readMetadata(current.path());
            for (Version v : versions) {
                if (v.extension().equals("meta") && v.timestamp().isAfter(current.timestamp())) {
                    Map<String, String> posted = readMetadata(v.path());
                    metadata.keySet().removeIf(FileSystemDiskFile::isUserMetadata);
                    metadata.putAll(posted);
                    break;
                }
            }
            String deleteAt = metadata.get("X-Delete-At");
            if (deleteAt != null && Long.parseLong(deleteAt) <= System.currentTimeMillis() / 1000) {
                throw new DiskFileException.Expired();
            }
            return new Stored(metadata, current.path(), Files.size(current.path()), current.timestamp());
        } catch (NoSuchFileException e) {
            return read(); // replaced by a newer version while we looked: look again
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean isUserMetadata(String name) {
        String lower = name.toLowerCase();
        return lower.startsWith("x-object-meta-") || lower.equals("content-type") || lower.equals("x-delete-at")
                || lower.equals("content-disposition") || lower.equals("content-encoding") || lower.equals("x-object-manifest");
    }

    @Override
    public Writer writer(Timestamp timestamp) throws IOException {
        return newWriter(timestamp, BodyDigest.md5());
    }

    @Override
    public Writer undigestedWriter(Timestamp timestamp) throws IOException {
        return newWriter(timestamp, null);
    }

    private Writer newWriter(Timestamp timestamp, BodyDigest md5) throws IOException {
        List<Version> versions = versionsIfFolder(directory);
        refuseIfNotNewer(versions == null ? List.of() : versions, timestamp);
        return new StagedWriter(StagedFile.create(tmpDirectory), timestamp, md5, versions == null);
    }

    private final class StagedWriter implements Writer {
        private final StagedFile out;
        private final Timestamp timestamp;
        private final BodyDigest md5; // null: the MD5 comes with the commit
        private final boolean newObject;
        private long writebackStarted;

        /** @param newObject the object had no folder when the write began */
        StagedWriter(StagedFile out, Timestamp timestamp, BodyDigest md5, boolean newObject) {
            this.out = out;
            this.timestamp = timestamp;
            this.md5 = md5;
            this.newObject = newObject;
        }

        @Override
        public void write(ByteBuffer chunk) throws IOException {
            if (md5 == null) {
                out.write(chunk);
            } else {
                while (chunk.hasRemaining()) {
                    out.write(md5.digest(chunk));
                }
            }
            long written = out.written();
            if (written - writebackStarted >= WRITEBACK_WINDOW) {
                long dropBelow = written > keepCacheSize ? writebackStarted - WRITEBACK_WINDOW : 0; // as the commit will
                out.writeBehind(writebackStarted, written - writebackStarted, dropBelow);
                writebackStarted = written;
            }
        }

        @Override
        public long written() {
            return out.written();
        }

        @Override
        public Map<String, String> commit(long contentLength, String expectedEtag, String bodyMd5, Map<String, String> metadata)
                throws IOException {
            long written = out.written();
            if (contentLength >= 0 && written != contentLength) {
                throw new DiskFileException.ShortBody();
            }
            if ((md5 == null) == (bodyMd5 == null)) {
                throw new IllegalStateException(md5 == null ? "an undigested body needs its MD5" : "the body was digested here");
            }
            String etag = md5 == null ? bodyMd5 : md5.hex();
            if (expectedEtag != null && !expectedEtag.equalsIgnoreCase(etag)) {
                throw new DiskFileException.EtagMismatch();
            }
            Map<String, String> stored = new LinkedHashMap<>(metadata);
            stored.put("X-Timestamp", timestamp.internal());
            stored.put("Content-Length", Long.toString(written));
            stored.put("ETag", etag);
            writeMetadata(out, stored);
            out.sync(); // after the metadata: the fsync must cover the extended attribute too (Swift's order)
            if (written > keepCacheSize) {
                out.dropCache();
            }
            publish(out, timestamp, "data", newObject);
            out.close();
            return stored;
        }

        @Override
        public void close() {
            out.close();
        }
    }

    @Override
    public Timestamp delete(Timestamp timestamp) throws IOException {
        List<Version> versions = versions();
        Version current = current(versions);
        refuseIfNotNewer(versions, timestamp);
        publishEmpty(timestamp, "ts", Map.of("X-Timestamp", timestamp.internal(), "name", name));
        return current == null || current.extension().equals("ts") ? null : current.timestamp();
    }

    @Override
    public void post(Timestamp timestamp, Map<String, String> metadata) throws IOException {
        Stored stored = read(); // 404 when there is nothing to update
        if (!timestamp.isAfter(stored.timestamp())) {
            throw new DiskFileException.Conflict(stored.timestamp());
        }
        Map<String, String> posted = new LinkedHashMap<>(metadata);
        posted.put("X-Timestamp", timestamp.internal());
        posted.put("name", name);
        publishEmpty(timestamp, "meta", posted);
    }

    /** A `.ts` or `.meta`: no body, only metadata. */
    private void publishEmpty(Timestamp timestamp, String extension, Map<String, String> metadata) throws IOException {
        try (StagedFile file = StagedFile.create(tmpDirectory)) {
            writeMetadata(file, metadata);
            file.sync();
            publish(file, timestamp, extension, false);
        }
    }

    @Override
    public Stored readEvenIfExpired() {
        List<Version> versions = versions();
        Version current = current(versions);
        if (current == null || !current.extension().equals("data")) {
            return null;
        }
        try {
            Map<String, String> metadata = readMetadata(current.path());
            for (Version v : versions) {
                if (v.isMeta() && v.timestamp().isAfter(current.timestamp())) {
                    metadata.keySet().removeIf(FileSystemDiskFile::isUserMetadata);
                    metadata.putAll(readMetadata(v.path()));
                    break;
                }
            }
            return new Stored(metadata, current.path(), Files.size(current.path()), current.timestamp());
        } catch (NoSuchFileException e) {
            return readEvenIfExpired();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean receive(String fileName, Map<String, String> metadata, java.io.InputStream body) throws IOException {
        int dot = fileName.lastIndexOf('.');
        String extension = dot > 0 ? fileName.substring(dot + 1) : "";
        if (!extension.equals("data") && !extension.equals("ts") && !extension.equals("meta")) {
            throw new IllegalArgumentException("'" + fileName + "' is not an object file name");
        }
        Timestamp timestamp = Timestamp.parse(fileName.substring(0, dot));
        if (!timestamp.internal().equals(metadata.get("X-Timestamp"))) {
            throw new IllegalArgumentException("the file's name and its X-Timestamp differ");
        }
        List<Version> versions = versions();
        Version current = current(versions);
        if (extension.equals("meta")) {
            boolean newerMeta = versions.stream().anyMatch(v -> v.isMeta() && !timestamp.isAfter(v.timestamp()));
            if (current == null || !current.extension().equals("data") || !timestamp.isAfter(current.timestamp()) || newerMeta) {
                return false;
            }
        } else if (current != null && !timestamp.isAfter(current.timestamp())) {
            return false;
        }
        try (StagedFile out = StagedFile.create(tmpDirectory)) {
            if (extension.equals("data")) {
                BodyDigest md5 = BodyDigest.md5();
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    out.write(md5.digest(ByteBuffer.wrap(buffer, 0, n)));
                }
                // a replica is only taken whole and sound: rot on the sender must not spread
                if (!Long.toString(out.written()).equals(metadata.get("Content-Length"))) {
                    throw new DiskFileException.ShortBody();
                }
                if (!md5.hex().equalsIgnoreCase(metadata.get("ETag"))) {
                    throw new DiskFileException.EtagMismatch();
                }
            }
            writeMetadata(out, metadata);
            out.sync();
            publish(out, timestamp, extension, false);
            return true;
        }
    }

    @Override
    public void quarantine(Path file) throws IOException {
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException(file + " is not one of this object's files");
        }
        // only the file found bad: a newer version or tombstone written meanwhile stays
        Path quarantined = tmpDirectory.getParent().resolve("quarantined").resolve("objects")
                .resolve(directory.getFileName() + "-" + UUID.randomUUID());
        DurableFiles.ensureDirectory(quarantined);
        try {
            Files.move(file, quarantined.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(quarantined); // replaced, or quarantined by another reader already
            return;
        }
        DurableFiles.fsyncDirectory(directory);
        changed.run();
    }

    private void refuseIfNotNewer(Timestamp timestamp) {
        refuseIfNotNewer(versions(), timestamp);
    }

    private static void refuseIfNotNewer(List<Version> versions, Timestamp timestamp) {
        Version current = current(versions);
        if (current != null && !timestamp.isAfter(current.timestamp())) {
            throw new DiskFileException.Conflict(current.timestamp());
        }
    }

    /**
     * Names the file in the object's folder, made if missing, durably, and removes what it made obsolete.
     * @param newObject the folder was missing a moment ago: it is made first instead of after a failed attempt
     */
    private void publish(StagedFile file, Timestamp timestamp, String extension, boolean newObject) throws IOException {
        Path target = directory.resolve(timestamp.internal() + "." + extension);
        // a new object's folder is made first; a known one's is made again only if a suffix hashing took it away
        boolean madeFolder = DurableFiles.placeInFolder(directory, newObject, null, () -> file.publish(target));
        // A folder this write made has no older version in it to remove. A concurrent writer of the same new
        // object cleans up after itself; an older file it could not see yet goes when the suffix is next hashed.
        if (!madeFolder) {
            cleanUp(directory);
        }
        changed.run();
    }

    /** Keeps the newest `.data`/`.ts` and any newer `.meta`; older files are obsolete. @return the files kept */
    static List<Version> cleanUp(Path directory) throws IOException {
        List<Version> versions = versions(directory);
        List<Version> kept = new ArrayList<>();
        Version current = current(versions);
        boolean newestMetaKept = false;
        for (Version v : versions) {
            boolean keep = v == current || (v.extension().equals("meta") && current != null && !current.extension().equals("ts")
                    && v.timestamp().isAfter(current.timestamp()) && !newestMetaKept);
            if (v.extension().equals("meta") && keep) {
                newestMetaKept = true;
            }
            if (keep) {
                kept.add(v);
            } else {
                Files.deleteIfExists(v.path());
            }
        }
        return kept;
    }

    static Map<String, String> readMetadata(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer buffer = ByteBuffer.allocate(view.size(METADATA_ATTRIBUTE));
        view.read(METADATA_ATTRIBUTE, buffer);
        return JSON.readValue(buffer.array(), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    private static void writeMetadata(StagedFile file, Map<String, String> metadata) throws IOException {
        file.setAttribute(METADATA_ATTRIBUTE, JSON.writeValueAsBytes(metadata));
    }
}
