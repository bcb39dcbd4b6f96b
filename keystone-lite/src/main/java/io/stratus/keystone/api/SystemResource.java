package io.stratus.keystone.api;

import io.stratus.keystone.service.AssignmentService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** `/v3/system/{users|groups}/{id}/roles`: system-scope role grants. */
@Path("/v3/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    @Inject
    Grants grants;
    @Inject
    BaseUrl baseUrl;
    @Context
    UriInfo uri;

    @GET
    @Path("/{actors: users|groups}/{actorId}/roles")
    public Map<String, Object> list(@PathParam("actors") String actors, @PathParam("actorId") String actorId) {
        String base = baseUrl.of(uri);
        return grants.list(grant(actors, actorId), base, base + "/v3/system/" + actors + "/" + actorId + "/roles");
    }

    @PUT
    @Path("/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response add(@PathParam("actors") String actors, @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.grant(grant(actors, actorId), roleId);
    }

    @HEAD
    @Path("/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response check(@PathParam("actors") String actors, @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.check(grant(actors, actorId), roleId);
    }

    @GET
    @Path("/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response get(@PathParam("actors") String actors, @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.check(grant(actors, actorId), roleId);
    }

    @DELETE
    @Path("/{actors: users|groups}/{actorId}/roles/{roleId}")
    public Response remove(@PathParam("actors") String actors, @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.revoke(grant(actors, actorId), roleId);
    }

    private static Grants.Grant grant(String actors, String actorId) {
        return Grants.of(AssignmentService.SYSTEM, AssignmentService.SYSTEM_ALL, actors, actorId, false);
    }
}
