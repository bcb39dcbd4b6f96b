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

    private static final Map<String, String> COMPUTE_EVENTS = Map.ofEntries(
            Map.entry("create", "compute__do_build_and_run_instance"), Map.entry("delete", "compute_terminate_instance"),
            Map.entry("stop", "compute_stop_instance"), Map.entry("start", "compute_start_instance"),
            Map.entry("reboot", "compute_reboot_instance"), Map.entry("pause", "compute_pause_instance"),
            Map.entry("unpause", "compute_unpause_instance"), Map.entry("suspend", "compute_suspend_instance"),
            Map.entry("resume", "compute_resume_instance"), Map.entry("createImage", "compute_snapshot_instance"),
            Map.entry("rebuild", "compute_rebuild_instance"), Map.entry("resize", "compute_finish_resize"),
            Map.entry("revertResize", "compute_finish_revert_resize"),
            Map.entry("trigger_crash_dump", "compute_trigger_crash_dump"));

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    Authorize authorize;

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
        if (authorize.allows("os_compute_api:os-instance-actions:events")) { // before 2.51, only admins see events
            view.put("events", events(action));
        }
        return Map.of("instanceAction", view);
    }

    /**
     * The action's work on its host, as the one event Nova's compute manager would record for it (actions
     * done in the API alone have none: lock, unlock, and the confirm of an in-place resize): running until
     * the host reports, then Success or Error as the action ended.
     */
    static List<Map<String, Object>> events(InstanceRepo.Action action) {
        String event = COMPUTE_EVENTS.get(action.action());
        if (event == null) {
            return List.of();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event", event);
        view.put("start_time", ServerViews.iso(action.startTime()));
        view.put("finish_time", ServerViews.iso(action.finishTime()));
        view.put("result", action.finishTime() == null ? null : "Error".equals(action.message()) ? "Error" : "Success");
        view.put("traceback", null);
        return List.of(view);
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
