package io.stratus.swift.storage.obj.diskfile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.digest.BodyDigest;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.PageCache;
import io.stratus.swift.net.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        List<Version> found = new ArrayList<>();
        // java.io.File answers null for a missing folder; Files.list throws, and a new object's folder is always missing
        String[] names = directory.toFile().list();
        if (names == null) {
            return found;
        }
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
        refuseIfNotNewer(timestamp);
        DurableFiles.ensureDirectory(tmpDirectory);
        Path temp = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
        return new TempFileWriter(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), timestamp, md5);
    }

    private final class TempFileWriter implements Writer {
        private final Path temp;
        private final FileChannel out;
        private final Timestamp timestamp;
        private final BodyDigest md5; // null: the MD5 comes with the commit
        private long written;
        private long writebackStarted;
        private boolean committed;

        TempFileWriter(Path temp, FileChannel out, Timestamp timestamp, BodyDigest md5) {
            this.temp = temp;
            this.out = out;
            this.timestamp = timestamp;
            this.md5 = md5;
        }

        @Override
        public void write(ByteBuffer chunk) throws IOException {
            if (md5 == null) {
                while (chunk.hasRemaining()) {
                    written += out.write(chunk);
                }
            } else {
                while (chunk.hasRemaining()) {
                    ByteBuffer digested = md5.digest(chunk);
                    while (digested.hasRemaining()) {
                        written += out.write(digested);
                    }
                }
            }
            if (written - writebackStarted >= WRITEBACK_WINDOW) {
                long dropBelow = written > keepCacheSize ? writebackStarted - WRITEBACK_WINDOW : 0; // as the commit will
                PageCache.writeBehind(temp, writebackStarted, written - writebackStarted, dropBelow);
                writebackStarted = written;
            }
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public Map<String, String> commit(long contentLength, String expectedEtag, String bodyMd5, Map<String, String> metadata)
                throws IOException {
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
            writeMetadata(temp, stored);
            out.force(true); // after the metadata: the fsync must cover the extended attribute too (Swift's order)
            out.close();
            if (written > keepCacheSize) {
                PageCache.drop(temp);
            }
            moveIntoPlace(temp, timestamp, "data");
            committed = true;
            return stored;
        }

        @Override
        public void close() {
            try {
                out.close();
                if (!committed) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public Timestamp delete(Timestamp timestamp) throws IOException {
        Version current = current(versions());
        refuseIfNotNewer(timestamp);
        DurableFiles.ensureDirectory(tmpDirectory);
        Path temp = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
        Files.createFile(temp);
        try {
            writeMetadata(temp, Map.of("X-Timestamp", timestamp.internal(), "name", name));
            moveIntoPlace(temp, timestamp, "ts");
        } finally {
            Files.deleteIfExists(temp);
        }
        return current == null || current.extension().equals("ts") ? null : current.timestamp();
    }

    @Override
    public void post(Timestamp timestamp, Map<String, String> metadata) throws IOException {
        Stored stored = read(); // 404 when there is nothing to update
        if (!timestamp.isAfter(stored.timestamp())) {
            throw new DiskFileException.Conflict(stored.timestamp());
        }
        DurableFiles.ensureDirectory(tmpDirectory);
        Path temp = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
        Files.createFile(temp);
        try {
            Map<String, String> posted = new LinkedHashMap<>(metadata);
            posted.put("X-Timestamp", timestamp.internal());
            posted.put("name", name);
            writeMetadata(temp, posted);
            moveIntoPlace(temp, timestamp, "meta");
        } finally {
            Files.deleteIfExists(temp);
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
        DurableFiles.ensureDirectory(tmpDirectory);
        Path temp = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (extension.equals("data")) {
                BodyDigest md5 = BodyDigest.md5();
                long written = 0;
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    ByteBuffer digested = md5.digest(ByteBuffer.wrap(buffer, 0, n));
                    while (digested.hasRemaining()) {
                        written += out.write(digested);
                    }
                }
                // a replica is only taken whole and sound: rot on the sender must not spread
                if (!Long.toString(written).equals(metadata.get("Content-Length"))) {
                    throw new DiskFileException.ShortBody();
                }
                if (!md5.hex().equalsIgnoreCase(metadata.get("ETag"))) {
                    throw new DiskFileException.EtagMismatch();
                }
            }
            writeMetadata(temp, metadata);
            out.force(true);
            out.close();
            moveIntoPlace(temp, timestamp, extension);
            return true;
        } finally {
            Files.deleteIfExists(temp);
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
        Version current = current(versions());
        if (current != null && !timestamp.isAfter(current.timestamp())) {
            throw new DiskFileException.Conflict(current.timestamp());
        }
    }

    private void moveIntoPlace(Path temp, Timestamp timestamp, String extension) throws IOException {
        Path target = directory.resolve(timestamp.internal() + "." + extension);
        if (extension.equals("ts") || extension.equals("meta")) {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                DurableFiles.ensureDirectory(directory);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                break;
            } catch (NoSuchFileException e) {
                // the replicator removed a folder on the way as empty a moment ago: make it again
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        DurableFiles.fsyncDirectory(directory);
        cleanUp(directory);
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

    private static void writeMetadata(Path file, Map<String, String> metadata) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        view.write(METADATA_ATTRIBUTE, ByteBuffer.wrap(JSON.writeValueAsBytes(metadata)));
    }
}
