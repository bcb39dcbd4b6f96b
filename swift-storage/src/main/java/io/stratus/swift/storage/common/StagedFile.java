package io.stratus.swift.storage.common;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A new file written out of sight and then published under its final name in one step, so that no
 * reader ever sees it half-written. On Linux the file has no name at all until then (O_TMPFILE, then
 * linkat, as Swift's object server does): no entry to make and remove in the temp folder, no rename,
 * and its extended attributes and fsync go through the descriptor it was written with. Elsewhere, or
 * where the file system refuses O_TMPFILE, it is a named file in the temp folder, renamed into place.
 * Closing a file that was not published discards it.
 */
public abstract class StagedFile implements Closeable {

    private static final Logger LOG = Logger.getLogger(StagedFile.class);
    /** Temp folders whose file system refused O_TMPFILE: they get named temp files from then on. */
    private static final Set<Path> NAMED_ONLY = ConcurrentHashMap.newKeySet();

    protected final Path tmpDirectory;
    protected long written;

    private StagedFile(Path tmpDirectory) {
        this.tmpDirectory = tmpDirectory;
    }

    /** A new empty file on the file system of {@code tmpDirectory}, which is made if missing. */
    public static StagedFile create(Path tmpDirectory) throws IOException {
        if (Unnamed.AVAILABLE && !NAMED_ONLY.contains(tmpDirectory)) {
            StagedFile unnamed = Unnamed.open(tmpDirectory);
            if (unnamed != null) {
                return unnamed;
            }
            NAMED_ONLY.add(tmpDirectory);
            LOG.infof("%s: the file system refuses O_TMPFILE, new files are named temp files there", tmpDirectory);
        }
        return Named.open(tmpDirectory);
    }

    /** Always the named temp file, as on a file system without O_TMPFILE. */
    static StagedFile createNamed(Path tmpDirectory) throws IOException {
        return Named.open(tmpDirectory);
    }

    /** @return whether {@link #create} makes unnamed files in this folder */
    static boolean unnamedIn(Path tmpDirectory) throws IOException {
        try (StagedFile file = create(tmpDirectory)) {
            return file instanceof Unnamed;
        }
    }

    /** Appends all of {@code chunk}. */
    public abstract void write(ByteBuffer chunk) throws IOException;

    /** Sets the extended attribute {@code user.<name>}. */
    public abstract void setAttribute(String name, byte[] value) throws IOException;

    /** fsync: the bytes and the attributes are on disk. */
    public abstract void sync() throws IOException;

    /** See {@link PageCache#writeBehind}. */
    public abstract void writeBehind(long offset, long length, long dropBelow);

    /** See {@link PageCache#drop}: the file must be synced first. */
    public abstract void dropCache();

    /**
     * Gives the file its name, atomically replacing a file of that name. The caller fsyncs the
     * target's folder for the name to last.
     * @throws NoSuchFileException when the target's folder does not exist
     */
    public abstract void publish(Path target) throws IOException;

    public long written() {
        return written;
    }

    @Override
    public abstract void close();

    /** An O_TMPFILE descriptor driven through libc. */
    private static final class Unnamed extends StagedFile {
        private static final int O_WRONLY = 01;
        private static final int O_CLOEXEC = 02000000;
        private static final int O_TMPFILE = 020200000; // with O_DIRECTORY, as the kernel's headers define it
        private static final int AT_FDCWD = -100;
        private static final int AT_SYMLINK_FOLLOW = 0x400;
        private static final int ENOENT = 2;
        private static final int EEXIST = 17;
        private static final int EISDIR = 21;
        private static final int EINVAL = 22;
        private static final int EOPNOTSUPP = 95;
        /** How Java names files to the kernel: paths handed to libc are encoded the same way. */
        private static final Charset PATH_ENCODING = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        static final boolean AVAILABLE = register();
        /** Where a heap chunk is copied on its way to the kernel, per thread (the event loops that write bodies). */
        private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

        private final int fd;
        private boolean closed;

        private Unnamed(Path tmpDirectory, int fd) {
            super(tmpDirectory);
            this.fd = fd;
        }

        private static boolean register() {
            try {
                // linkat names the descriptor through /proc (AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH)
                if (!Platform.isLinux() || !Files.isDirectory(Path.of("/proc/self/fd"))) {
                    return false;
                }
                Native.register(Unnamed.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (Throwable e) {
                LOG.warnf("O_TMPFILE files unavailable, named temp files instead: %s", e.toString());
                return false;
            }
        }

        private static native int open(byte[] path, int flags, int mode) throws LastErrorException;

        private static native long write(int fd, Pointer buffer, long count) throws LastErrorException;

        private static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

        private static native int fsync(int fd) throws LastErrorException;

        private static native int linkat(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags)
                throws LastErrorException;

        private static native int close(int fd);

        private static byte[] cString(String text) {
            byte[] bytes = text.getBytes(PATH_ENCODING);
            return Arrays.copyOf(bytes, bytes.length + 1);
        }

        /** @return null when the file system of the folder cannot make unnamed files */
        static Unnamed open(Path tmpDirectory) throws IOException {
            byte[] folder = cString(tmpDirectory.toString());
            for (int attempt = 1; ; attempt++) {
                try {
                    return new Unnamed(tmpDirectory, open(folder, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666));
                } catch (LastErrorException e) {
                    int errno = e.getErrorCode();
                    if (errno == ENOENT && attempt == 1) {
                        DurableFiles.ensureDirectory(tmpDirectory);
                    } else if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
                        return null;
                    } else {
                        throw failure("open O_TMPFILE in", tmpDirectory, e);
                    }
                }
            }
        }

        private static IOException failure(String operation, Path path, LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                return new NoSuchFileException(path.toString());
            }
            return new IOException(operation + " " + path + ": " + e.getMessage());
        }

        @Override
        public void write(ByteBuffer chunk) throws IOException {
            while (chunk.hasRemaining()) {
                int length = chunk.remaining();
                long done;
                try {
                    if (chunk.isDirect()) {
                        done = write(fd, Native.getDirectBufferPointer(chunk).share(chunk.position()), length);
                    } else {
                        // JNA would copy a byte[] argument into malloc'd memory and back again after the call
                        ByteBuffer staged = STAGING.get().clear();
                        int piece = Math.min(length, staged.capacity());
                        staged.put(chunk.slice().limit(piece)).flip();
                        done = write(fd, Native.getDirectBufferPointer(staged), piece);
                    }
                } catch (LastErrorException e) {
                    throw failure("write to an unnamed file in", tmpDirectory, e);
                }
                chunk.position(chunk.position() + (int) done);
                written += done;
            }
        }

        @Override
        public void setAttribute(String name, byte[] value) throws IOException {
            try {
                fsetxattr(fd, cString("user." + name), value, value.length, 0);
            } catch (LastErrorException e) {
                throw failure("fsetxattr user." + name + " on an unnamed file in", tmpDirectory, e);
            }
        }

        @Override
        public void sync() throws IOException {
            try {
                fsync(fd);
            } catch (LastErrorException e) {
                throw failure("fsync of an unnamed file in", tmpDirectory, e);
            }
        }

        @Override
        public void writeBehind(long offset, long length, long dropBelow) {
            PageCache.writeBehind(fd, offset, length, dropBelow);
        }

        @Override
        public void dropCache() {
            PageCache.drop(fd);
        }

        @Override
        public void publish(Path target) throws IOException {
            byte[] self = cString("/proc/self/fd/" + fd);
            try {
                linkat(AT_FDCWD, self, AT_FDCWD, cString(target.toString()), AT_SYMLINK_FOLLOW);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EEXIST) {
                    throw failure("linkat", target, e);
                }
                // linkat does not replace: name it in the temp folder and rename that over the target, which does
                Path named = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
                try {
                    linkat(AT_FDCWD, self, AT_FDCWD, cString(named.toString()), AT_SYMLINK_FOLLOW);
                } catch (LastErrorException again) {
                    throw failure("linkat", named, again);
                }
                try {
                    Files.move(named, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(named);
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                close(fd);
            }
        }
    }

    /** A named temp file, renamed into place. */
    private static final class Named extends StagedFile {
        private final Path temp;
        private final FileChannel out;
        private boolean published;

        private Named(Path tmpDirectory, Path temp, FileChannel out) {
            super(tmpDirectory);
            this.temp = temp;
            this.out = out;
        }

        static Named open(Path tmpDirectory) throws IOException {
            DurableFiles.ensureDirectory(tmpDirectory);
            Path temp = tmpDirectory.resolve(UUID.randomUUID() + ".tmp");
            return new Named(tmpDirectory, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }

        @Override
        public void write(ByteBuffer chunk) throws IOException {
            while (chunk.hasRemaining()) {
                written += out.write(chunk);
            }
        }

        @Override
        public void setAttribute(String name, byte[] value) throws IOException {
            Files.getFileAttributeView(temp, UserDefinedFileAttributeView.class).write(name, ByteBuffer.wrap(value));
        }

        @Override
        public void sync() throws IOException {
            out.force(true);
        }

        @Override
        public void writeBehind(long offset, long length, long dropBelow) {
            PageCache.writeBehind(temp, offset, length, dropBelow);
        }

        @Override
        public void dropCache() {
            PageCache.drop(temp);
        }

        @Override
        public void publish(Path target) throws IOException {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            published = true;
        }

        @Override
        public void close() {
            try {
                out.close();
                if (!published) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
