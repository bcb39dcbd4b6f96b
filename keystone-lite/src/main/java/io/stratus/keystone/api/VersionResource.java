package io.stratus.keystone.api;

import io.stratus.common.http.Unauthenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Version discovery: `GET /` lists the versions (300). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Unauthenticated
public class VersionResource {

    static final String VERSION_ID = "v3.14";
    static final String UPDATED = "2020-04-07T00:00:00Z";

    @Inject
    BaseUrl baseUrl;
    @Context
    UriInfo uri;

    @GET
    public Response versions() {
        return Response.status(300).entity(Map.of("versions", Map.of("values", List.of(version(baseUrl.of(uri)))))).build();
    }

    static Map<String, Object> version(String base) {
        return Views.map("id", VERSION_ID, "status", "stable", "updated", UPDATED,
                "links", List.of(Map.of("rel", "self", "href", base + "/v3/")),
                "media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
    }
}
