package io.stratus.swift.storage.common;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Drops a file's pages from the kernel's page cache (posix_fadvise DONTNEED), as Swift's object
 * server does after writing a body: large bodies written once would otherwise fill the cache, and
 * each new page costs more to get than a page freed a moment ago. Without libc (not Linux) it does nothing.
 */
public final class PageCache {

    private static final Logger LOG = Logger.getLogger(PageCache.class);
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
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

    /** Asks the kernel to forget the file's cached pages; they must be clean (fsynced) to go. @return true if asked */
    public static boolean drop(Path file) {
        if (!AVAILABLE) {
            return false;
        }
        int fd = open(file.toString(), O_RDONLY);
        if (fd < 0) {
            return false;
        }
        try {
            return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
        } finally {
            close(fd);
        }
    }
}
