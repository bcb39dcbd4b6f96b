package io.stratus.nova.compute.virt;

/** A driver operation that failed; the message is what the instance's fault will say. */
public class VirtException extends RuntimeException {

    public VirtException(String message) {
        super(message);
    }

    public VirtException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No instance of that uuid on this host. */
    public static final class InstanceNotFound extends VirtException {
        public InstanceNotFound(String uuid) {
            super("Instance " + uuid + " could not be found on this host.");
        }
    }
}
