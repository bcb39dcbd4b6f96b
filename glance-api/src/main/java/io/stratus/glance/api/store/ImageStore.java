package io.stratus.glance.api.store;

import java.io.IOException;
import java.io.InputStream;

/** Where image bytes live. A location (a URL) names them; each store reads the locations it wrote. */
public interface ImageStore {

    /** The store's name in locations' metadata and in configuration: `file`, `swift`. */
    String name();

    /** Whether this store wrote the location. */
    boolean owns(String location);

    /** What a store kept: where, and the MD5 of the bytes when the store computed it as it wrote them (else null). */
    record Stored(String location, String md5) {
    }

    /**
     * Whether {@link #add} of an image of this size reports the MD5 of its bytes, computed by the store
     * itself (Swift's ETag of a single object is the MD5 its object servers took of every byte they
     * wrote), so glance-api need not compute it a second time.
     */
    default boolean reportsMd5(long size) {
        return false;
    }

    /**
     * Stores the bytes of an image as they are read, never holding them whole.
     * @param size the number of bytes, or -1 when unknown (the stream's end says)
     * @return the location of the stored bytes, with their MD5 when {@link #reportsMd5} said so;
     *         on failure nothing is left in the store
     */
    Stored add(String imageId, InputStream data, long size) throws IOException;

    /** The bytes from {@code offset}, {@code length} of them (-1: to the end). */
    InputStream open(String location, long offset, long length) throws IOException;

    /** Removes the bytes; a location already gone is no error. */
    void delete(String location) throws IOException;
}
