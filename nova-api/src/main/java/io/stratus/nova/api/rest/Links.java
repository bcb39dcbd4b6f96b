package io.stratus.nova.api.rest;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Resource links as Nova writes them: `self` under /v2.1, `bookmark` without the version. */
final class Links {

    private Links() {
    }

    /** The URL the client reached the service at, without a trailing slash. */
    static String base(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static List<Map<String, String>> of(UriInfo uri, String collection, String id) {
        return List.of(Map.of("rel", "self", "href", base(uri) + "/v2.1/" + collection + "/" + id),
                Map.of("rel", "bookmark", "href", base(uri) + "/" + collection + "/" + id));
    }
}
