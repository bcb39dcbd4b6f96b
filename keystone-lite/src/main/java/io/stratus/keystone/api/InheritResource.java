package io.stratus.keystone.api;

import io.stratus.keystone.service.AssignmentService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** OS-INHERIT: a role on a domain that every project of the domain inherits. */
@Path("/v3/OS-INHERIT/domains/{domainId}/{actors: users|groups}/{actorId}/roles/{roleId}/inherited_to_projects")
@Produces(MediaType.APPLICATION_JSON)
public class InheritResource {

    @Inject
    Grants grants;

    @PUT
    public Response add(@PathParam("domainId") String domainId, @PathParam("actors") String actors,
                        @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.grant(Grants.of(AssignmentService.DOMAIN, domainId, actors, actorId, true), roleId);
    }

    @HEAD
    public Response check(@PathParam("domainId") String domainId, @PathParam("actors") String actors,
                          @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.check(Grants.of(AssignmentService.DOMAIN, domainId, actors, actorId, true), roleId);
    }

    @DELETE
    public Response remove(@PathParam("domainId") String domainId, @PathParam("actors") String actors,
                           @PathParam("actorId") String actorId, @PathParam("roleId") String roleId) {
        return grants.revoke(Grants.of(AssignmentService.DOMAIN, domainId, actors, actorId, true), roleId);
    }
}
