package io.stratus.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.stratus.common.error.ApiException;
import io.stratus.common.policy.PolicyDeniedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Turns every failure into an OpenStack error body in the service's style; nothing leaks as a bare 500. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    /** Errors the service raised on purpose. */
    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(ApiException e) {
            if (e.status() == 401) {
                return ErrorResponses.unauthorized(settings.errorStyle(), settings.identityPublicUrl(), e.getMessage());
            }
            return ErrorResponses.of(settings.errorStyle(), e.status(), e.getMessage());
        }
    }

    /** Policy refusals: 403. */
    @Provider
    public static class PolicyDeniedMapper implements ExceptionMapper<PolicyDeniedException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(PolicyDeniedException e) {
            return ErrorResponses.of(settings.errorStyle(), 403,
                    "You are not authorized to perform the requested action: " + e.action() + ".");
        }
    }

    /** A body that is not JSON, or JSON of the wrong shape for a typed parameter. */
    @Provider
    public static class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(JsonProcessingException e) {
            return ErrorResponses.of(settings.errorStyle(), 400, "Malformed request body: " + e.getOriginalMessage());
        }
    }

    /** The framework's own answers (404 unknown path, 405, 415 ...) in our shape. */
    @Provider
    public static class WebApplicationErrorMapper implements ExceptionMapper<WebApplicationException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e.getCause() instanceof JsonProcessingException json) {
                return ErrorResponses.of(settings.errorStyle(), 400, "Malformed request body: " + json.getOriginalMessage());
            }
            String message = switch (status) {
                case 404 -> "The resource could not be found.";
                case 405 -> "The method is not allowed for the requested URL.";
                case 415 -> "The Content-Type of the request body is not one this resource takes.";
                default -> ErrorMessages.firstLine(e.getMessage());
            };
            return ErrorResponses.of(settings.errorStyle(), status, message);
        }
    }

    /** RabbitMQ away (after a publish has waited for it to come back): 503, so clients may try again later. */
    @Provider
    public static class MessagingErrorMapper implements ExceptionMapper<io.stratus.common.rpc.RpcException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(io.stratus.common.rpc.RpcException e) {
            LOG.warnf("messaging failed: %s", e.getMessage());
            return ErrorResponses.of(settings.errorStyle(), 503, "The service cannot reach its message queue now; try again later.");
        }
    }

    /** Anything unexpected: logged with its stack, answered 500 without internals. */
    @Provider
    public static class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {
        @Inject
        ApiSettings settings;

        @Override
        public Response toResponse(RuntimeException e) {
            LOG.error("unexpected error", e);
            return ErrorResponses.of(settings.errorStyle(), 500,
                    "An unexpected error prevented the server from fulfilling your request.");
        }
    }

    /** Helpers for messages shown to clients. */
    static final class ErrorMessages {
        static String firstLine(String message) {
            if (message == null) {
                return "The request could not be served.";
            }
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }
}
