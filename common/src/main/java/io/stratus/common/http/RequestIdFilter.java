package io.stratus.common.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an OpenStack request id (carried from `X-OpenStack-Request-ID` when a caller
 * sent a well-formed one), puts it in the logging context and returns it on every response.
 */
@Provider
@PreMatching
@Priority(1)
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "x-openstack-request-id";
    public static final String PROPERTY = "stratus.request-id";
    private static final Pattern WELL_FORMED = Pattern.compile("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    CurrentRequest current;

    @Override
    public void filter(ContainerRequestContext request) {
        String carried = request.getHeaderString(HEADER);
        String requestId = carried != null && WELL_FORMED.matcher(carried).matches() ? carried : newRequestId();
        request.setProperty(PROPERTY, requestId);
        current.set(current.context().withRequestId(requestId));
        MDC.put("request_id", requestId);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(PROPERTY);
        if (requestId != null) {
            response.getHeaders().putSingle(HEADER, requestId);
        }
        MDC.remove("request_id");
    }

    public static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }
}
