package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.service.ServerLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * `POST /v2.1/servers/{id}/remote-consoles` (2.6; mks/webmks from 2.8). No console proxy runs with
 * Stratus yet, so every console type is unavailable: Nova's 400 for a type not enabled, after the same
 * checks of the request and the server as Nova makes.
 */
@Path("/v2.1/servers/{id}/remote-consoles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RemoteConsolesResource {

    private static final Map<String, List<String>> TYPES_BY_PROTOCOL = Map.of("vnc", List.of("novnc", "xvpvnc"),
            "spice", List.of("spice-html5"), "rdp", List.of("rdp-html5"), "serial", List.of("serial"), "mks", List.of("webmks"));

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    ApiVersion version;

    @Inject
    Authorize authorize;

    @POST
    public Map<String, Object> create(@PathParam("id") String id, Map<String, Object> body) {
        if (!version.atLeast(6)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        authorize.enforce("os_compute_api:os-remote-consoles");
        Map<String, Object> console = Bodies.wrapped(body, "remote_console");
        for (String key : console.keySet()) {
            if (!key.equals("protocol") && !key.equals("type")) {
                throw Bodies.invalid("remote_console", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String protocol = Bodies.string(console, "protocol", 255, true);
        String type = Bodies.string(console, "type", 255, true);
        List<String> types = TYPES_BY_PROTOCOL.get(protocol);
        if (types == null || protocol.equals("mks") && !version.atLeast(8)) {
            throw Bodies.invalid("protocol", protocol, "is not one of " + (version.atLeast(8) ? "['vnc', 'spice', 'rdp', 'serial', 'mks']"
                    : "['vnc', 'spice', 'rdp', 'serial']"));
        }
        if (!types.contains(type)) {
            throw ApiException.badRequest("Unsupported console type " + type + " for protocol " + protocol + ".");
        }
        Instance instance = lifecycle.visible(id);
        if (instance.host() == null) {
            throw ApiException.conflict("Instance " + instance.uuid() + " is not ready");
        }
        throw ApiException.badRequest("Unavailable console type " + type + ".");
    }
}
