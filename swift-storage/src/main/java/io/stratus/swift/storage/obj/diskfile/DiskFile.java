package io.stratus.swift.storage.obj.diskfile;

import io.stratus.swift.storage.common.Timestamp;
import java.io.IOException;
import java.io.InputStream;
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
     * Streams a new version from {@code body}, checks its size and (if given) ETag, and makes it the
     * current version unless a newer one exists. @return the metadata written, ETag included
     */
    Map<String, String> write(InputStream body, long contentLength, String expectedEtag, Timestamp timestamp,
                              Map<String, String> metadata) throws IOException;

    /** Writes a tombstone. @return the timestamp of the version it replaced, or null when there was none */
    Timestamp delete(Timestamp timestamp) throws IOException;

    /** Replaces the user metadata of the current version (a POST), kept in a `.meta` file. */
    void post(Timestamp timestamp, Map<String, String> metadata) throws IOException;
}
