package io.stratus.keystone.api;

import io.stratus.common.http.Unauthenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** `GET /v3`: describes Identity API v3, where clients discover it. */
@Path("/v3")
@Produces(MediaType.APPLICATION_JSON)
@Unauthenticated
public class V3Resource {

    @Inject
    BaseUrl baseUrl;
    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> v3() {
        return Map.of("version", VersionResource.version(baseUrl.of(uri)));
    }
}
