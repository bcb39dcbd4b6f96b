package io.stratus.glance.api.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Images as files in one folder: written to a hidden partial file, fsynced, renamed into place. */
public final class FileStore implements ImageStore {

    private static final int CHUNK = 64 * 1024;
    private final Path dir;

    public FileStore(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean owns(String location) {
        return location.startsWith("file://");
    }

    @Override
    public Stored add(String imageId, InputStream data, long size) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(imageId);
        Path partial = dir.resolve("." + imageId + "." + UUID.randomUUID() + ".partial");
        boolean done = false;
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[CHUNK];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            for (int read; (read = data.read(buffer)) >= 0; ) {
                wrapped.clear().limit(read);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
            }
            out.force(true);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(partial);
            }
        }
        return new Stored(target.toUri().toString(), null);
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
        FileChannel in = FileChannel.open(path(location), StandardOpenOption.READ);
        in.position(offset);
        InputStream stream = Channels.newInputStream(in);
        return length < 0 ? stream : new BoundedInputStream(stream, length);
    }

    @Override
    public void delete(String location) throws IOException {
        Files.deleteIfExists(path(location));
    }

    private Path path(String location) throws IOException {
        Path file = Path.of(URI.create(location));
        if (!file.startsWith(dir)) {
            throw new IOException("location outside the file store: " + location);
        }
        return file;
    }
}
