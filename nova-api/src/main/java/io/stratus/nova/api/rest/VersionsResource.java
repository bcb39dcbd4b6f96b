package io.stratus.nova.api.rest;

import io.stratus.common.http.Unauthenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Version discovery: `GET /` lists v2.1 with its microversion range, `GET /v2.1` describes it. */
@Path("/")
@Unauthenticated
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> versions() {
        return Map.of("versions", List.of(version()));
    }

    @GET
    @Path("v2.1")
    public Map<String, Object> v21() {
        return Map.of("version", version());
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.1");
        version.put("status", "CURRENT");
        version.put("version", Microversions.MAX);
        version.put("min_version", Microversions.MIN);
        version.put("updated", "2013-07-23T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", Links.base(uri) + "/v2.1/"),
                Map.of("rel", "describedby", "type", "text/html", "href", "https://docs.openstack.org/")));
        version.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.compute+json;version=2.1")));
        return version;
    }
}
