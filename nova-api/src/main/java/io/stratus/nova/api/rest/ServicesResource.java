package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.ComputeReports;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * `os-services` (admin) for the compute services so far: `state` is up while the host's reports keep
 * coming (within `service_down_time`) unless an operator forced it down (2.11), `status` is what
 * operators set (enable, disable with a reason).
 */
@Path("/v2.1/os-services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServicesResource {

    @Inject
    ComputeHostRepo hosts;

    @Inject
    Authorize authorize;

    @Inject
    ComputeReports reports;

    @Inject
    InstanceRepo instances;

    @Inject
    ApiVersion version;

    @GET
    public Map<String, Object> list(@QueryParam("host") String host, @QueryParam("binary") String binary) {
        enforce("os_compute_api:os-services:list");
        return Map.of("services", hosts.list().stream()
                .filter(service -> host == null || host.equals(service.host()))
                .filter(service -> binary == null || binary.equals(ComputeHostRepo.BINARY))
                .map(this::view).toList());
    }

    /**
     * Removes a compute service and its hypervisor, as operators do for a host that is gone; refused (409)
     * while servers still live on it. A host that reports again comes back as a new service.
     */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        enforce("os_compute_api:os-services:delete");
        ComputeHost service = (id.matches("[0-9]{1,9}") ? hosts.byServiceId(Integer.parseInt(id)) : Optional.<ComputeHost>empty())
                .orElseThrow(() -> ApiException.notFound("Service " + id + " not found."));
        if (!instances.onHost(service.host()).isEmpty()) {
            throw ApiException.conflict("Unable to delete compute service that is hosting instances. Migrate or delete the instances first.");
        }
        hosts.delete(service.serviceId());
        return Response.noContent().build();
    }

    /**
     * `enable`, `disable` and `disable-log-reason`, as 2.1 has them (the host and binary in the body), and
     * from 2.11 `force-down` (with `forced_down` true or false).
     */
    @PUT
    @Path("{action}")
    public Map<String, Object> update(@PathParam("action") String action, Map<String, Object> body) {
        enforce("os_compute_api:os-services:update");
        boolean forceDown = action.equals("force-down") && version.atLeast(11);
        if (!forceDown && !action.equals("enable") && !action.equals("disable") && !action.equals("disable-log-reason")) {
            throw ApiException.notFound("Unknown action " + action);
        }
        if (body == null) {
            throw ApiException.badRequest("Invalid input: a body with host and binary is required");
        }
        String host = Bodies.string(body, "host", 255, true);
        String binary = Bodies.string(body, "binary", 255, true);
        if (forceDown) {
            return forceDown(host, binary, body.get("forced_down"));
        }
        String reason = action.equals("disable-log-reason") ? Bodies.string(body, "disabled_reason", 255, true) : null;
        boolean disabled = !action.equals("enable");
        if (!binary.equals(ComputeHostRepo.BINARY) || !hosts.setDisabled(host, binary, disabled, reason)) {
            throw ApiException.notFound("Service " + binary + " on host " + host + " could not be found.");
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("host", host);
        service.put("binary", binary);
        service.put("status", disabled ? "disabled" : "enabled");
        if (reason != null) {
            service.put("disabled_reason", reason);
        }
        return Map.of("service", service);
    }

    private Map<String, Object> forceDown(String host, String binary, Object forcedDown) {
        Boolean down = Bodies.bool(forcedDown);
        if (down == null) {
            throw Bodies.invalid("forced_down", forcedDown, forcedDown == null ? "is a required property" : "is not of type 'boolean'");
        }
        if (!binary.equals(ComputeHostRepo.BINARY) || !hosts.setForcedDown(host, binary, down)) {
            throw ApiException.notFound("Service " + binary + " on host " + host + " could not be found.");
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("host", host);
        service.put("binary", binary);
        service.put("forced_down", down);
        return Map.of("service", service);
    }

    private Map<String, Object> view(ComputeHost host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.serviceId());
        view.put("binary", ComputeHostRepo.BINARY);
        view.put("disabled_reason", host.disabledReason());
        view.put("host", host.host());
        view.put("state", reports.up(host) ? "up" : "down");
        view.put("status", host.disabled() ? "disabled" : "enabled");
        view.put("updated_at", host.lastSeenUp().truncatedTo(ChronoUnit.MICROS).toString().replace("Z", ""));
        view.put("zone", "nova");
        if (version.atLeast(11)) {
            view.put("forced_down", host.forcedDown());
        }
        return view;
    }

    private void enforce(String rule) {
        authorize.enforce(rule);
    }
}
