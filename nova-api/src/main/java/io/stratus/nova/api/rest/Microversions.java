package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * The Compute API's microversions: the version a client asks for (`OpenStack-API-Version: compute
 * X.Y`, or the older `X-OpenStack-Nova-API-Version: X.Y`; none means the minimum, `latest` the
 * maximum) is checked against the range served (406 outside it) and echoed on every response.
 * Each version up to MAX behaves as Nova's API reference says for it; resources ask {@link ApiVersion}.
 */
@Provider
@Priority(2)
public class Microversions implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String MIN = "2.1";
    public static final String MAX = "2.19";
    static final int MIN_MINOR = 1;
    private static final String PROPERTY = "nova.microversion";

    @Inject
    ApiVersion apiVersion;

    @Override
    public void filter(ContainerRequestContext request) {
        String asked = requested(request.getHeaderString("OpenStack-API-Version"), request.getHeaderString("X-OpenStack-Nova-API-Version"));
        String version = asked == null ? MIN : asked.equalsIgnoreCase("latest") ? MAX : asked;
        request.setProperty(PROPERTY, version);
        if (!version.matches("\\d{1,9}\\.\\d{1,9}")) {
            throw ApiException.badRequest("API Version String " + version + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        if (compare(version, MIN) < 0 || compare(version, MAX) > 0) {
            throw new ApiException(406, "Version " + version + " is not supported by the API. Minimum is " + MIN + " and maximum is " + MAX + ".");
        }
        apiVersion.set(Integer.parseInt(version.substring(version.indexOf('.') + 1)));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object version = request.getProperty(PROPERTY);
        String served = version instanceof String v && v.matches("\\d{1,9}\\.\\d{1,9}") && compare(v, MIN) >= 0 && compare(v, MAX) <= 0 ? v : MIN;
        response.getHeaders().putSingle("OpenStack-API-Version", "compute " + served);
        response.getHeaders().putSingle("X-OpenStack-Nova-API-Version", served);
        response.getHeaders().putSingle("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    }

    /** The version asked for compute, or null: the new header wins over the old one. */
    static String requested(String header, String legacy) {
        if (header != null) {
            for (String part : header.split(",")) {
                String[] words = part.trim().split("\\s+");
                if (words.length == 2 && words[0].toLowerCase(Locale.ROOT).equals("compute")) {
                    return words[1];
                }
            }
        }
        return legacy == null || legacy.isBlank() ? null : legacy.trim();
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
