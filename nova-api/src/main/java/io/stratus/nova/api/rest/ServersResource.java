package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.ServerBuilder;
import io.stratus.nova.api.service.ServerLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Servers (`/v2.1/servers`): boot, list, show, rename, delete. Actions and metadata have their own resources. */
@Path("/v2.1/servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServersResource {

    private static final int MAX_LIMIT = 1000;
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig");

    @Inject
    InstanceRepo instances;

    @Inject
    ServerBuilder builder;

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    Authorize authorize;

    @Inject
    CurrentRequest current;

    @Inject
    ServerViews views;

    @Inject
    ApiVersion version;

    @Context
    UriInfo uri;

    @POST
    public Response create(Map<String, Object> body, @HeaderParam("X-Auth-Token") String token) {
        RequestContext caller = authorize.enforce("os_compute_api:servers:create");
        ServerBuilder.Created created = builder.create(body, caller, token);
        Instance first = created.instances().get(0);
        if (created.returnReservationId()) {
            return Response.accepted(Map.of("reservation_id", first.reservationId())).build();
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("id", first.uuid());
        server.put("links", Links.of(uri, "servers", first.uuid()));
        server.put("OS-DCF:diskConfig", "MANUAL");
        server.put("security_groups", List.of(Map.of("name", "default")));
        server.put("adminPass", created.adminPass());
        return Response.accepted(Map.of("server", server)).location(URI.create(Links.base(uri) + "/v2.1/servers/" + first.uuid())).build();
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("servers", query().stream().map(instance -> ServerViews.brief(instance, uri)).toList());
    }

    @GET
    @Path("detail")
    public Map<String, Object> detail() {
        return Map.of("servers", views.details(query(), uri));
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("server", views.detail(lifecycle.visible(id), uri));
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        Instance instance = lifecycle.visible(id);
        Map<String, Object> fields = Bodies.wrapped(body, "server");
        for (String key : fields.keySet()) {
            if (!UPDATE_FIELDS.contains(key) && !(key.equals("description") && version.atLeast(19))) {
                throw Bodies.invalid("server", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String name = fields.containsKey("name") ? ServerBuilder.name(fields) : null;
        String description = ServerBuilder.description(fields);
        if (name != null) {
            instances.rename(instance.uuid(), name, Instant.now());
        }
        if (fields.containsKey("description")) {
            instances.describe(instance.uuid(), description, Instant.now());
        }
        return Map.of("server", views.actionDetail(lifecycle.visible(id), uri));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        lifecycle.delete(lifecycle.visible(id), current.authenticated());
        return Response.noContent().build();
    }

    private List<Instance> query() {
        RequestContext caller = current.authenticated();
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        boolean admin = authorize.allows("os_compute_api:servers:index:get_all_tenants");
        boolean allTenants = params.containsKey("all_tenants") && admin && !List.of("0", "false", "False").contains(params.getFirst("all_tenants"));
        String project = caller.projectId();
        if (admin && (params.containsKey("project_id") || params.containsKey("tenant_id"))) {
            project = params.containsKey("project_id") ? params.getFirst("project_id") : params.getFirst("tenant_id");
        } else if (allTenants) {
            project = null;
        }
        int limit = MAX_LIMIT;
        if (params.containsKey("limit")) {
            String value = params.getFirst("limit");
            if (!value.matches("[0-9]{1,9}")) {
                throw ApiException.badRequest("Invalid input for query parameters limit. Value: " + value + ". '" + value + "' does not match '^[0-9]*$'");
            }
            limit = Math.min(MAX_LIMIT, Integer.parseInt(value));
        }
        String marker = params.getFirst("marker");
        if (marker != null && !instances.exists(marker)) {
            throw ApiException.badRequest("marker [" + marker + "] not found");
        }
        Instant changesSince = null;
        if (params.containsKey("changes-since")) {
            try {
                changesSince = OffsetDateTime.parse(params.getFirst("changes-since")).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Invalid input for query parameters changes-since. Value: " + params.getFirst("changes-since")
                        + ". '" + params.getFirst("changes-since") + "' is not a 'date-time'");
            }
        }
        boolean deleted = admin && "true".equalsIgnoreCase(params.getFirst("deleted"));
        String status = params.getFirst("status");
        return instances.list(new InstanceRepo.Query(project, params.getFirst("name"), status, admin ? params.getFirst("host") : null,
                lastSegment(params.getFirst("image")), lastSegment(params.getFirst("flavor")), changesSince,
                deleted || changesSince != null || "DELETED".equalsIgnoreCase(status), marker, limit));
    }

    /** An image or flavor given by id or by URL. */
    static String lastSegment(String reference) {
        if (reference == null) {
            return null;
        }
        String trimmed = reference.endsWith("/") ? reference.substring(0, reference.length() - 1) : reference;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
