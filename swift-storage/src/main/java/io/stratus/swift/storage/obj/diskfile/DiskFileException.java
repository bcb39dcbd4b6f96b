package io.stratus.swift.storage.obj.diskfile;

import io.stratus.swift.net.Timestamp;

/** The precise states an object read or write can end in; each maps to one HTTP answer. */
public abstract class DiskFileException extends RuntimeException {

    protected DiskFileException(String message) {
        super(message, null, false, false);
    }

    /** No such object (404). */
    public static final class NotExist extends DiskFileException {
        public NotExist() {
            super("object not found");
        }
    }

    /** The object was deleted at {@code timestamp} (404, with X-Backend-Timestamp). */
    public static final class Deleted extends DiskFileException {
        private final Timestamp timestamp;

        public Deleted(Timestamp timestamp) {
            super("object deleted");
            this.timestamp = timestamp;
        }

        public Timestamp timestamp() {
            return timestamp;
        }
    }

    /** The object's X-Delete-At has passed (404). */
    public static final class Expired extends DiskFileException {
        public Expired() {
            super("object expired");
        }
    }

    /** A newer or equal version is already on disk (409). */
    public static final class Conflict extends DiskFileException {
        private final Timestamp existing;

        public Conflict(Timestamp existing) {
            super("a version as new or newer exists");
            this.existing = existing;
        }

        public Timestamp existing() {
            return existing;
        }
    }

    /** The device is missing, unmounted or full (507): the proxy writes to a handoff instead. */
    public static final class DeviceUnavailable extends DiskFileException {
        public DeviceUnavailable(String device) {
            super("device " + device + " is not available");
        }
    }

    /** Writing would fill the device beyond its reserve, or the file system said it is full (507). */
    public static final class DeviceFull extends DiskFileException {
        public DeviceFull(String device) {
            super("device " + device + " is full");
        }
    }

    /** The body did not match the ETag the client sent (422). */
    public static final class EtagMismatch extends DiskFileException {
        public EtagMismatch() {
            super("Unprocessable Entity: the body does not match the ETag");
        }
    }

    /** The bytes written are not the ones the proxy sent (their CRC32C differs from its footer's). */
    public static final class FooterMismatch extends DiskFileException {
        public FooterMismatch() {
            super("Unprocessable Entity: the body does not match its footer's checksum");
        }
    }

    /** The body was shorter than its Content-Length: the client went away (499). */
    public static final class ShortBody extends DiskFileException {
        public ShortBody() {
            super("the body ended before its Content-Length");
        }
    }
}
