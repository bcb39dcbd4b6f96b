package io.stratus.keystone.api;

import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.config.KeystoneConfig;
import io.stratus.keystone.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** `GET /v3/OS-REVOKE/events`: Keystone's revocation list, for operators. */
@Path("/v3/OS-REVOKE/events")
@Produces(MediaType.APPLICATION_JSON)
public class RevokeEventsResource {

    @Inject
    RevocationService revocations;
    @Inject
    KeystoneConfig config;
    @Inject
    CurrentRequest current;
    @Inject
    Authz authz;

    @GET
    public Map<String, Object> events() {
        authz.enforce("identity:list_revoke_events", Map.of(), current.authenticated());
        return Map.of("events", revocations.live(config.token().expiration().toMillis()), "links", Views.map("self", null, "previous", null, "next", null));
    }
}
