package io.stratus.nova.api.rest;

import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import io.stratus.nova.api.repo.Aggregate;
import io.stratus.nova.api.repo.AggregateRepo;
import io.stratus.nova.api.repo.ComputeHostRepo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host aggregates (`/v2.1/os-aggregates`, admin): named groups of compute hosts with metadata, the
 * availability zone being the metadata key `availability_zone`. Hosts must be known compute hosts.
 */
@Path("/v2.1/os-aggregates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AggregatesResource {

    private static final String ZONE = "availability_zone";

    @Inject
    AggregateRepo aggregates;

    @Inject
    ComputeHostRepo hosts;

    @Inject
    Authorize authorize;

    @GET
    public Map<String, Object> list() {
        enforce("index");
        return Map.of("aggregates", aggregates.list().stream().map(AggregatesResource::view).toList());
    }

    @POST
    public Map<String, Object> create(Map<String, Object> body) {
        enforce("create");
        Map<String, Object> fields = Bodies.wrapped(body, "aggregate");
        String name = Bodies.string(fields, "name", 255, true);
        String zone = Bodies.string(fields, ZONE, 255, false);
        Map<String, String> metadata = zone == null ? Map.of() : Map.of(ZONE, zone);
        try {
            return Map.of("aggregate", view(aggregates.create(name.strip(), metadata, Instant.now())));
        } catch (Db.DuplicateException e) {
            throw ApiException.conflict("Aggregate " + name + " already exists.");
        }
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        enforce("show");
        return Map.of("aggregate", view(existing(id)));
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        enforce("update");
        Aggregate aggregate = existing(id);
        Map<String, Object> fields = Bodies.wrapped(body, "aggregate");
        String name = Bodies.string(fields, "name", 255, false);
        String zone = Bodies.string(fields, ZONE, 255, false);
        if (name == null && zone == null) {
            throw ApiException.badRequest("Invalid input for field/attribute aggregate: name or availability_zone is required");
        }
        if (name != null) {
            try {
                aggregates.rename(aggregate.id(), name.strip(), Instant.now());
            } catch (Db.DuplicateException e) {
                throw ApiException.conflict("Aggregate " + name + " already exists.");
            }
        }
        if (zone != null) {
            aggregates.putMetadata(aggregate.id(), Map.of(ZONE, zone));
        }
        return Map.of("aggregate", view(existing(id)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        enforce("delete");
        Aggregate aggregate = existing(id);
        if (!aggregate.hosts().isEmpty()) {
            throw ApiException.badRequest("Cannot delete aggregate " + id + ": it still has hosts " + aggregate.hosts());
        }
        aggregates.delete(aggregate.id());
        return Response.ok().build(); // Nova answers 200, with no body
    }

    /** `add_host`, `remove_host`, `set_metadata`; each answers the aggregate as it now is. */
    @POST
    @Path("{id}/action")
    @SuppressWarnings("unchecked")
    public Map<String, Object> action(@PathParam("id") String id, Map<String, Object> body) {
        if (body == null || body.size() != 1) {
            throw ApiException.badRequest("Invalid aggregate action: one of add_host, remove_host, set_metadata");
        }
        String action = body.keySet().iterator().next();
        switch (action) {
            case "add_host", "remove_host" -> {
                enforce(action);
                Aggregate aggregate = existing(id);
                String host = Bodies.string(Bodies.wrapped(body, action), "host", 255, true);
                if (action.equals("add_host")) {
                    if (hosts.byHost(host).isEmpty()) {
                        throw ApiException.notFound("Compute host " + host + " could not be found.");
                    }
                    try {
                        aggregates.addHost(aggregate.id(), host);
                    } catch (Db.DuplicateException e) {
                        throw ApiException.conflict("Aggregate " + id + " already has host " + host + ".");
                    }
                } else if (!aggregates.removeHost(aggregate.id(), host)) {
                    throw ApiException.notFound("Cannot remove host " + host + " in aggregate " + id);
                }
            }
            case "set_metadata" -> {
                enforce(action);
                Aggregate aggregate = existing(id);
                Object given = Bodies.wrapped(body, action).get("metadata");
                if (!(given instanceof Map<?, ?> raw)) {
                    throw Bodies.invalid("metadata", given, "is not of type 'object'");
                }
                Map<String, String> metadata = new HashMap<>();
                ((Map<String, Object>) raw).forEach((key, value) -> {
                    if (key.isEmpty() || key.length() > 255 || value != null && (!(value instanceof String) || ((String) value).length() > 255)) {
                        throw Bodies.invalid("metadata", key, "keys and values are strings of up to 255 characters (null removes a key)");
                    }
                    metadata.put(key, (String) value);
                });
                aggregates.putMetadata(aggregate.id(), metadata);
            }
            default -> throw ApiException.badRequest("Invalid aggregate action " + action + ": one of add_host, remove_host, set_metadata");
        }
        return Map.of("aggregate", view(existing(id)));
    }

    private Aggregate existing(String id) {
        return (id.matches("[0-9]{1,9}") ? aggregates.find(Integer.parseInt(id)) : java.util.Optional.<Aggregate>empty())
                .orElseThrow(() -> ApiException.notFound("Aggregate " + id + " could not be found."));
    }

    private void enforce(String action) {
        authorize.enforce("os_compute_api:os-aggregates:" + action);
    }

    private static Map<String, Object> view(Aggregate aggregate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", aggregate.id());
        view.put("name", aggregate.name());
        view.put(ZONE, aggregate.metadata().get(ZONE));
        view.put("hosts", aggregate.hosts());
        view.put("metadata", aggregate.metadata());
        view.put("created_at", time(aggregate.createdAt()));
        view.put("updated_at", time(aggregate.updatedAt()));
        view.put("deleted", false);
        view.put("deleted_at", null);
        return view;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString().replace("Z", "");
    }
}
