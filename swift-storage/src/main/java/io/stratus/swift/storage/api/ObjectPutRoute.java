package io.stratus.swift.storage.api;

import io.stratus.swift.net.SwiftValues;
import io.stratus.swift.storage.container.ContainerServer;
import io.stratus.swift.storage.db.DatabaseServer;
import io.stratus.swift.storage.obj.ObjectServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Object PUTs, taken on the event loop before JAX-RS sees them: each chunk of the body goes to the
 * temp file as it arrives (page cache writes), so a large body costs no thread hand-off per chunk.
 * Only the end — fsync, rename, container update — runs on a worker thread. The object rows object
 * servers send in turn (one per replica of every PUT) skip JAX-RS too: its routing, header maps and
 * response building were a good share of a row update's time.
 */
@ApplicationScoped
public class ObjectPutRoute {

    private static final String OBJECT_PATH = "/[^/]+/[^/]+/[^/]+/[^/]+/.+";

    @Inject
    ObjectServer objects;
    @Inject
    ContainerServer containers;
    @Inject
    Vertx vertx;

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.PUT, OBJECT_PATH).order(-100).handler(this::put);
    }

    private void put(RoutingContext context) {
        HttpServerRequest request = context.request();
        if ("container".equalsIgnoreCase(request.getHeader(DatabaseServer.SERVER_TYPE_HEADER))) {
            putObjectRow(request);
            return;
        }
        ObjectServer.Upload upload;
        try {
            upload = objects.startPut(target(request.path()), request.headers());
        } catch (Exception e) {
            // a proxy that asked "Expect: 100-continue" sends no body and tries a handoff; any other client's body is read and dropped
            answer(request.response(), StorageErrors.toResponse(e));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // device, space and headers are fine: the proxy may send the body
        }
        BodyState state = new BodyState();
        request.handler(chunk -> state.write(upload, chunk));
        request.exceptionHandler(e -> upload.body().close()); // the client went away: nothing is kept
        request.endHandler(end -> {
            if (state.failure != null) {
                upload.body().close();
                answer(request.response(), StorageErrors.toResponse(state.failure));
                return;
            }
            vertx.executeBlocking(() -> objects.finishPut(upload), false).onComplete(done -> answer(request.response(),
                    done.succeeded() ? done.result() : StorageErrors.toResponse(done.cause())));
        });
        request.resume(); // in case a handler before this one paused it
    }

    /** An object server reports a PUT to this container replica; a row has no body (any sent is read and dropped). */
    private void putObjectRow(HttpServerRequest request) {
        ObjectServer.Target target;
        try {
            target = target(request.path());
        } catch (RuntimeException e) {
            answer(request.response(), StorageErrors.toResponse(e));
            return;
        }
        request.handler(ignored -> { });
        request.endHandler(end -> vertx.executeBlocking(() -> containers.objectUpdate(target.device(), target.partition(),
                target.account(), target.container(), target.object(), request.headers()::get, false, request.getHeader("Host")), false)
                .onComplete(done -> answer(request.response(), done.succeeded() ? done.result() : StorageErrors.toResponse(done.cause()))));
        request.resume();
    }

    /** The first write failure, after which the rest of the body is only read. */
    private static final class BodyState {
        Exception failure;

        void write(ObjectServer.Upload upload, Buffer chunk) {
            if (failure == null) {
                try {
                    upload.body().write(chunk.getByteBuf().nioBuffer());
                } catch (Exception e) {
                    failure = e;
                }
            }
        }
    }

    private static ObjectServer.Target target(String rawPath) {
        String[] parts = rawPath.substring(1).split("/", 5);
        return new ObjectServer.Target(SwiftValues.decodePath(parts[0]), StorageResource.partition(SwiftValues.decodePath(parts[1])),
                SwiftValues.decodePath(parts[2]), SwiftValues.decodePath(parts[3]), SwiftValues.decodePath(parts[4]));
    }

    private static void answer(HttpServerResponse response, Response answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.getStatus());
        answer.getStringHeaders().forEach((name, values) -> response.putHeader(name, values));
        Object entity = answer.getEntity();
        if (entity == null) {
            response.end();
        } else {
            response.end(entity.toString());
        }
    }
}
