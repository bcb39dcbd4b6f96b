package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.ServerLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What was asked of a server and how it ended (`/v2.1/servers/{id}/os-instance-actions`), newest first. */
@Path("/v2.1/servers/{id}/os-instance-actions")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceActionsResource {

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    InstanceRepo instances;

    @GET
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("instanceActions", instances.actions(lifecycle.visible(id).uuid()).stream().map(InstanceActionsResource::view).toList());
    }

    @GET
    @Path("{requestId}")
    public Map<String, Object> show(@PathParam("id") String id, @PathParam("requestId") String requestId) {
        InstanceRepo.Action action = instances.action(lifecycle.visible(id).uuid(), requestId)
                .orElseThrow(() -> ApiException.notFound("Action for request_id " + requestId + " on instance " + id + " not found"));
        Map<String, Object> view = view(action);
        view.put("events", List.of());
        return Map.of("instanceAction", view);
    }

    private static Map<String, Object> view(InstanceRepo.Action action) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", action.action());
        view.put("instance_uuid", action.instanceUuid());
        view.put("message", action.message());
        view.put("project_id", action.projectId());
        view.put("request_id", action.requestId());
        view.put("start_time", ServerViews.iso(action.startTime()));
        view.put("user_id", action.userId());
        return view;
    }
}
