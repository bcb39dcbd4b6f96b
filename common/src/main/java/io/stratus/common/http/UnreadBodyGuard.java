package io.stratus.common.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Closes the connection after a response sent before its request's body had all arrived: an upload
 * refused or failed half way (no token, quota, a store that gave up, a full disk). Left open, Vert.x
 * keeps the connection for a next request and stops reading the rest of the body, while a client
 * that sends the whole body before reading the answer (python-requests, hence the openstack and
 * swift CLIs) goes on writing into full buffers: both sides wait forever. Closed, the client's write
 * fails and it reports the error.
 */
@ApplicationScoped
public class UnreadBodyGuard {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean chunked = length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
            long declared = length == null ? -1 : parse(length);
            if (declared > 0 || chunked) {
                boolean[] closing = {false};
                context.addHeadersEndHandler(ignored -> {
                    // bytesRead counts what reached the application; a paused request is never isEnded() even when all was read
                    if (chunked ? !request.isEnded() : request.bytesRead() < declared) {
                        closing[0] = true;
                        context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                    }
                });
                context.addEndHandler(ignored -> {
                    if (closing[0]) {
                        request.connection().close();
                    }
                });
            }
            context.next();
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses the request itself
        }
    }
}
