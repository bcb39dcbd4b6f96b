package io.stratus.swift.storage.obj.diskfile;

import io.stratus.swift.net.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One object's files on one device: the newest `.data` or `.ts` decides what the object is, and
 * a newer `.meta` adds metadata from a POST. Writes go to a temp file, are fsynced and renamed into
 * place, so a crash never leaves a torn object.
 */
public interface DiskFile {

    /** An object as stored: its metadata (names as in HTTP headers) and where its bytes are. */
    record Stored(Map<String, String> metadata, Path data, long length, Timestamp timestamp) {
    }

    /** The current version; throws NotExist, Deleted or Expired when there is none to read. */
    Stored read();

    /**
     * Starts a new version: refuses (Conflict) when a version as new exists, then takes the body
     * chunk by chunk into a temp file that only {@link Writer#commit} makes visible.
     */
    Writer writer(Timestamp timestamp) throws IOException;

    /**
     * The same for a body whose MD5 comes with it (the proxy's footer): not digested here, the MD5
     * given to {@link Writer#commit(long, String, String, Map)} becomes the ETag.
     */
    Writer undigestedWriter(Timestamp timestamp) throws IOException;

    /** A new version being written; closing it without a commit leaves nothing behind. */
    interface Writer extends AutoCloseable {

        void write(ByteBuffer chunk) throws IOException;

        long written();

        /**
         * Checks the size and (if given) the ETag, fsyncs, stores the metadata and renames the file into
         * place unless a newer version arrived meanwhile. @return the metadata written, ETag included
         */
        default Map<String, String> commit(long contentLength, String expectedEtag, Map<String, String> metadata) throws IOException {
            return commit(contentLength, expectedEtag, null, metadata);
        }

        /** The same with the body's MD5 known (hex), for a writer that does not digest. */
        Map<String, String> commit(long contentLength, String expectedEtag, String bodyMd5, Map<String, String> metadata) throws IOException;

        /** Removes the temp file unless committed. */
        @Override
        void close();
    }

    /** Writes a tombstone. @return the timestamp of the version it replaced, or null when there was none */
    Timestamp delete(Timestamp timestamp) throws IOException;

    /** Replaces the user metadata of the current version (a POST), kept in a `.meta` file. */
    void post(Timestamp timestamp, Map<String, String> metadata) throws IOException;

    /** The current `.data` version even when its X-Delete-At has passed; null when the object is deleted or missing. */
    Stored readEvenIfExpired();

    /**
     * Takes one file of a replica from a peer (`<timestamp>.data|ts|meta`, with the metadata it had
     * there): written as any version is, a `.data` only when its bytes match its ETag and length.
     * @return false when this replica already has that version or a newer one
     */
    boolean receive(String fileName, Map<String, String> metadata, java.io.InputStream body) throws IOException;

    /** Moves one of the object's files aside (bad bytes found in it): the replicator then brings a good copy from a peer. */
    void quarantine(Path file) throws IOException;
}
