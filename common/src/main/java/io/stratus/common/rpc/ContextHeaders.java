package io.stratus.common.rpc;

import io.stratus.common.context.RequestContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Carries a {@link RequestContext} in AMQP message headers, one header per field. */
public final class ContextHeaders {

    public static final String REQUEST_ID = "x-openstack-request-id";
    private static final String PREFIX = "x-stratus-";

    private ContextHeaders() {
    }

    public static Map<String, Object> encode(RequestContext context) {
        Map<String, Object> headers = new HashMap<>();
        if (context == null) {
            return headers;
        }
        put(headers, REQUEST_ID, context.requestId());
        put(headers, PREFIX + "user-id", context.userId());
        put(headers, PREFIX + "user-name", context.userName());
        put(headers, PREFIX + "user-domain-id", context.userDomainId());
        put(headers, PREFIX + "project-id", context.projectId());
        put(headers, PREFIX + "project-name", context.projectName());
        put(headers, PREFIX + "project-domain-id", context.projectDomainId());
        put(headers, PREFIX + "domain-id", context.domainId());
        put(headers, PREFIX + "system-scope", context.systemScope() ? "all" : null);
        put(headers, PREFIX + "roles", context.roles().isEmpty() ? null : String.join(",", context.roles()));
        put(headers, PREFIX + "audit-id", context.auditId());
        put(headers, PREFIX + "application-credential-id", context.applicationCredentialId());
        put(headers, PREFIX + "expires-at", context.expiresAt() == null ? null : context.expiresAt().toString());
        return headers;
    }

    public static RequestContext decode(Map<String, Object> headers) {
        if (headers == null) {
            return RequestContext.anonymous(null);
        }
        String roles = get(headers, PREFIX + "roles");
        Set<String> roleSet = roles == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.split(",")));
        String expires = get(headers, PREFIX + "expires-at");
        return new RequestContext(get(headers, REQUEST_ID), get(headers, PREFIX + "user-id"), get(headers, PREFIX + "user-name"),
                get(headers, PREFIX + "user-domain-id"), get(headers, PREFIX + "project-id"), get(headers, PREFIX + "project-name"),
                get(headers, PREFIX + "project-domain-id"), get(headers, PREFIX + "domain-id"),
                "all".equals(get(headers, PREFIX + "system-scope")), roleSet, get(headers, PREFIX + "audit-id"),
                get(headers, PREFIX + "application-credential-id"), expires == null ? null : Instant.parse(expires));
    }

    private static void put(Map<String, Object> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static String get(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString(); // the client hands strings back as LongString
    }
}
