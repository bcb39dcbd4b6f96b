package io.stratus.swift.storage.common;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Advice to the kernel's page cache about object files. {@link #drop} forgets a file's pages
 * (posix_fadvise DONTNEED), as Swift's object server does after writing a body: large bodies written
 * once would otherwise fill the cache, and each new page costs more to get than a page freed a moment
 * ago. {@link #writeBehind} writes a large body to disk while the rest of it still arrives.
 * Without libc (not Linux) both do nothing.
 */
public final class PageCache {

    private static final Logger LOG = Logger.getLogger(PageCache.class);
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final boolean AVAILABLE = register();

    private PageCache() {
    }

    private static boolean register() {
        try {
            if (!Platform.isLinux()) {
                return false;
            }
            Native.register(PageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (Throwable e) { // no native support here: caching stays as the kernel decides
            LOG.warnf("page cache advice unavailable: %s", e.toString());
            return false;
        }
    }

    private static native int open(String path, int flags);

    private static native int posix_fadvise(int fd, long offset, long length, int advice);

    private static native int close(int fd);

    private static native int sync_file_range(int fd, long offset, long length, int flags);

    /** Asks the kernel to forget the file's cached pages; they must be clean (fsynced) to go. @return true if asked */
    public static boolean drop(Path file) {
        return withFile(file, O_RDONLY, PageCache::drop);
    }

    /** {@link #drop(Path)} through a descriptor of the file. */
    public static boolean drop(int fd) {
        return AVAILABLE && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    }

    /**
     * Starts writing a range of the file's dirty pages to disk without waiting for it (sync_file_range
     * WRITE), and drops the pages before {@code dropBelow}, which an earlier call started writing.
     * With gigabytes of memory the kernel would otherwise keep a whole large body dirty in the cache until
     * its fsync and only then write it, while the upload waits: the disk idle during the transfer, the
     * transfer idle during the flush. Dropping what is written reuses the same few pages instead of
     * taking new ones. It is no substitute for the fsync.
     * @return true if asked
     */
    public static boolean writeBehind(Path file, long offset, long length, long dropBelow) {
        return withFile(file, O_WRONLY, fd -> writeBehind(fd, offset, length, dropBelow));
    }

    /** {@link #writeBehind(Path, long, long, long)} through a descriptor of the file, open for writing. */
    public static boolean writeBehind(int fd, long offset, long length, long dropBelow) {
        if (!AVAILABLE) {
            return false;
        }
        boolean asked = sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0;
        // pages still being written are left alone by the kernel, and go with the final drop
        return dropBelow <= 0 ? asked : asked & posix_fadvise(fd, 0, dropBelow, POSIX_FADV_DONTNEED) == 0;
    }

    /** Runs {@code advice} on a descriptor of the file, opened for it and closed after. @return false without libc or the file */
    private static boolean withFile(Path file, int flags, java.util.function.IntPredicate advice) {
        if (!AVAILABLE) {
            return false;
        }
        int fd = open(file.toString(), flags);
        if (fd < 0) {
            return false;
        }
        try {
            return advice.test(fd);
        } finally {
            close(fd);
        }
    }
}
