package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.Quotas;
import io.stratus.nova.api.service.ServerBuilder;
import io.stratus.nova.api.service.ServerLifecycle;
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
import java.util.HashMap;
import java.util.Map;

/** A server's metadata (`/v2.1/servers/{id}/metadata`), within the metadata_items quota. */
@Path("/v2.1/servers/{id}/metadata")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServerMetadataResource {

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    InstanceRepo instances;

    @Inject
    Quotas quotas;

    @Inject
    CurrentRequest current;

    @GET
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("metadata", instances.metadata(lifecycle.visible(id).uuid()));
    }

    /** Adds and replaces items, keeping the others. */
    @POST
    public Map<String, Object> merge(@PathParam("id") String id, Map<String, Object> body) {
        return put(id, items(body, "metadata"), false);
    }

    /** Replaces all items. */
    @PUT
    public Map<String, Object> replace(@PathParam("id") String id, Map<String, Object> body) {
        return put(id, items(body, "metadata"), true);
    }

    @GET
    @Path("{key}")
    public Map<String, Object> show(@PathParam("id") String id, @PathParam("key") String key) {
        String value = instances.metadata(lifecycle.visible(id).uuid()).get(key);
        if (value == null) {
            throw ApiException.notFound("Metadata item was not found");
        }
        return Map.of("meta", Map.of(key, value));
    }

    @PUT
    @Path("{key}")
    public Map<String, Object> putItem(@PathParam("id") String id, @PathParam("key") String key, Map<String, Object> body) {
        Map<String, String> item = items(body, "meta");
        if (item.size() != 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        if (!item.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        put(id, item, false);
        return Map.of("meta", item);
    }

    @DELETE
    @Path("{key}")
    public Response deleteItem(@PathParam("id") String id, @PathParam("key") String key) {
        Instance instance = lifecycle.visible(id);
        lifecycle.checkUnlocked(instance, current.authenticated());
        if (!instances.deleteMetadata(instance.uuid(), key)) {
            throw ApiException.notFound("Metadata item was not found");
        }
        return Response.noContent().build();
    }

    private Map<String, Object> put(String id, Map<String, String> items, boolean replaceAll) {
        Instance instance = lifecycle.visible(id);
        lifecycle.checkUnlocked(instance, current.authenticated());
        Map<String, String> after = new HashMap<>(replaceAll ? Map.of() : instances.metadata(instance.uuid()));
        after.putAll(items);
        int limit = quotas.limit(instance.projectId(), Quotas.METADATA_ITEMS);
        if (!Quotas.fits(limit, 0, after.size())) {
            throw ApiException.forbidden("Quota exceeded for metadata_items: Requested " + after.size() + ", but already used 0 of " + limit
                    + " metadata_items");
        }
        instances.putMetadata(instance.uuid(), items, replaceAll);
        return Map.of("metadata", instances.metadata(instance.uuid()));
    }

    private static Map<String, String> items(Map<String, Object> body, String key) {
        if (body == null || !body.containsKey(key)) {
            throw ApiException.badRequest("Invalid input for field/attribute " + key + ". Value: None. '" + key + "' is a required property");
        }
        return ServerBuilder.metadata(body.get(key));
    }
}
