package io.stratus.swift.storage.api;

import io.stratus.swift.storage.obj.diskfile.DiskFileException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Swift's answers to the storage states and to bad requests: short text bodies, as Swift's servers give. */
public final class StorageErrors {

    private static final Logger LOG = Logger.getLogger(StorageErrors.class);

    private StorageErrors() {
    }

    /** The answer the mappers below give to {@code error}, for handlers outside JAX-RS. */
    static Response toResponse(Throwable error) {
        if (error instanceof DiskFileException e) {
            return new DiskFileMapper().toResponse(e);
        }
        if (error instanceof IllegalArgumentException e) {
            return new BadRequestMapper().toResponse(e);
        }
        return new UnexpectedMapper().toResponse(error instanceof Exception e ? e : new RuntimeException(error));
    }

    static Response text(int status, String message) {
        return Response.status(status).type("text/plain; charset=UTF-8").entity(message + "\n").build();
    }

    /** DiskFile states to statuses. */
    @Provider
    public static class DiskFileMapper implements ExceptionMapper<DiskFileException> {
        @Override
        public Response toResponse(DiskFileException e) {
            if (e instanceof DiskFileException.Deleted deleted) {
                return Response.fromResponse(text(404, "Not Found")).header("X-Backend-Timestamp", deleted.timestamp().internal()).build();
            }
            if (e instanceof DiskFileException.Conflict conflict) {
                return Response.fromResponse(text(409, "Conflict")).header("X-Backend-Timestamp", conflict.existing().internal()).build();
            }
            int status = e instanceof DiskFileException.NotExist || e instanceof DiskFileException.Expired ? 404
                    : e instanceof DiskFileException.DeviceUnavailable || e instanceof DiskFileException.DeviceFull ? 507
                    : e instanceof DiskFileException.EtagMismatch || e instanceof DiskFileException.FooterMismatch ? 422
                    : e instanceof DiskFileException.ShortBody ? 499 : 500;
            return text(status, e.getMessage());
        }
    }

    /** Malformed headers, timestamps, partitions: 400. */
    @Provider
    public static class BadRequestMapper implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return text(400, e.getMessage());
        }
    }

    /** Anything else: logged, 500 without internals. */
    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            if (e instanceof jakarta.ws.rs.WebApplicationException web) {
                return text(web.getResponse().getStatus(), web.getMessage());
            }
            if (diskFull(e)) { // Swift's DiskFileNoSpace: the proxy writes to another device
                LOG.warn("a write found its device full: " + e.getMessage());
                return text(507, "Insufficient Storage");
            }
            LOG.error("unexpected error", e);
            return text(500, "An error occurred");
        }
    }

    /** ENOSPC, which Java reports only in the message of an IOException somewhere in the chain. */
    static boolean diskFull(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException && String.valueOf(cause.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
