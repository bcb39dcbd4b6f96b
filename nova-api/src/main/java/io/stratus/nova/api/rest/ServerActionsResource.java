package io.stratus.nova.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeRequest;
import io.stratus.common.rpc.RpcException;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.GlanceClient;
import io.stratus.nova.api.service.NovaRpc;
import io.stratus.nova.api.service.ServerBuilder;
import io.stratus.nova.api.service.ServerLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server actions (`POST /v2.1/servers/{id}/action`), each allowed in the vm states Nova allows it in
 * and only while the server is idle: 409 otherwise. The answer is 202 and the server's task state
 * shows the work until its host reports it done.
 */
@Path("/v2.1/servers/{id}/action")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServerActionsResource {

    private static final List<String> SNAPSHOT_STATES = List.of("active", "stopped", "paused", "suspended");
    private static final Set<String> REBUILD_FIELDS = Set.of("imageRef", "name", "metadata", "adminPass",
            "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "preserve_ephemeral");

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    InstanceRepo instances;

    @Inject
    NovaRpc rpc;

    @Inject
    GlanceClient glance;

    @Inject
    CurrentRequest current;

    @Inject
    Authorize authorize;

    @Inject
    ServerBuilder builder;

    @Inject
    ServerViews views;

    @Inject
    ApiVersion version;

    @Context
    UriInfo uri;

    @POST
    public Response act(@PathParam("id") String id, Map<String, Object> body, @HeaderParam("X-Auth-Token") String token) {
        if (body == null || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body: give exactly one action");
        }
        String action = body.keySet().iterator().next();
        Object args = body.get(action);
        RequestContext caller = current.authenticated();
        Instance instance = lifecycle.visible(id);
        switch (action) {
            case "os-stop" -> lifecycle.act(instance, caller, "stop", List.of("active", "error"), "powering-off", call("stop", id));
            case "os-start" -> lifecycle.act(instance, caller, "start", List.of("stopped"), "powering-on", call("start", id));
            case "reboot" -> reboot(instance, caller, args);
            case "pause" -> lifecycle.act(instance, caller, "pause", List.of("active"), "pausing", call("pause", id));
            case "unpause" -> lifecycle.act(instance, caller, "unpause", List.of("paused"), "unpausing", call("unpause", id));
            case "suspend" -> lifecycle.act(instance, caller, "suspend", List.of("active"), "suspending", call("suspend", id));
            case "resume" -> lifecycle.act(instance, caller, "resume", List.of("suspended"), "resuming", call("resume", id));
            case "lock" -> {
                instances.lock(instance.uuid(), caller.hasRole("admin") && !instance.projectId().equals(caller.projectId()) ? "admin" : "owner",
                        Instant.now());
                instances.startAction(instance.uuid(), "lock", ServerLifecycle.requestId(caller), caller.userId(), caller.projectId(), Instant.now());
                instances.finishAction(instance.uuid(), false, Instant.now());
            }
            case "unlock" -> {
                if ("admin".equals(instance.lockedBy()) && !authorize.allows("os_compute_api:os-lock-server:unlock:unlock_override")) {
                    throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
                }
                instances.lock(instance.uuid(), null, Instant.now());
                instances.startAction(instance.uuid(), "unlock", ServerLifecycle.requestId(caller), caller.userId(), caller.projectId(), Instant.now());
                instances.finishAction(instance.uuid(), false, Instant.now());
            }
            case "createImage" -> {
                return createImage(instance, caller, args, token);
            }
            case "os-getConsoleOutput" -> {
                return Response.ok(Map.of("output", consoleOutput(instance, caller, args))).build();
            }
            case "rebuild" -> {
                return rebuild(instance, caller, args, token);
            }
            case "resize" -> {
                Object flavorRef = args instanceof Map<?, ?> map ? map.get("flavorRef") : null;
                lifecycle.resize(instance, caller, builder.resizeFlavor(caller, instance, flavorRef), builder, token);
            }
            case "confirmResize" -> {
                lifecycle.confirmResize(instance, caller);
                return Response.noContent().build();
            }
            case "revertResize" -> lifecycle.revertResize(instance, caller, builder, token);
            case "trigger_crash_dump" -> {
                if (!version.atLeast(17)) { // Nova's answer for an action the version does not have
                    throw ApiException.notFound("The resource could not be found.");
                }
                if (args != null) {
                    throw Bodies.invalid("trigger_crash_dump", args, "is not of type 'null'");
                }
                authorize.enforce("os_compute_api:servers:trigger_crash_dump");
                lifecycle.triggerCrashDump(instance, caller);
            }
            default -> throw ApiException.badRequest("There is no such action: " + action);
        }
        return Response.accepted().build();
    }

    private void reboot(Instance instance, RequestContext caller, Object args) {
        Object type = args instanceof Map<?, ?> map ? map.get("type") : null;
        if (!(type instanceof String text) || !(text.equalsIgnoreCase("SOFT") || text.equalsIgnoreCase("HARD"))) {
            throw Bodies.invalid("type", type, "is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
        }
        if (text.equalsIgnoreCase("HARD")) {
            lifecycle.act(instance, caller, "reboot", List.of("active", "stopped", "paused", "suspended", "error"), "rebooting_hard",
                    call("reboot_hard", instance.uuid()));
        } else {
            lifecycle.act(instance, caller, "reboot", List.of("active"), "rebooting", call("reboot_soft", instance.uuid()));
        }
    }

    /** Rebuilds the server on its host from a new image (its name and metadata may change with it); ACTIVE or SHUTOFF as it was. */
    private Response rebuild(Instance instance, RequestContext caller, Object args, String token) {
        if (!(args instanceof Map<?, ?> raw)) {
            throw Bodies.invalid("rebuild", args, "is not of type 'object'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) raw;
        for (String key : fields.keySet()) {
            if (!REBUILD_FIELDS.contains(key) && !(key.equals("description") && version.atLeast(19))) {
                throw Bodies.invalid("rebuild", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String imageRef = Bodies.string(fields, "imageRef", 255, true);
        String name = fields.containsKey("name") ? ServerBuilder.name(fields) : null;
        Map<String, String> metadata = fields.containsKey("metadata") ? ServerBuilder.metadata(fields.get("metadata")) : null;
        String description = ServerBuilder.description(fields);
        BuildRequest build = builder.rebuildRequest(instance, imageRef, token);
        lifecycle.act(instance, caller, "rebuild", List.of("active", "stopped", "error"), "rebuilding",
                new ComputeRequest("rebuild", instance.uuid(), build, null, token));
        Instant now = Instant.now();
        instances.setImage(instance.uuid(), build.imageId(), now);
        if (name != null) {
            instances.rename(instance.uuid(), name, now);
        }
        if (metadata != null) {
            instances.putMetadata(instance.uuid(), metadata, true);
        }
        if (fields.containsKey("description")) {
            instances.describe(instance.uuid(), description, now);
        }
        Map<String, Object> view = new LinkedHashMap<>(views.actionDetail(instances.find(instance.uuid()).orElseThrow(), uri));
        view.put("adminPass", fields.get("adminPass") instanceof String given ? given : "");
        return Response.accepted(Map.of("server", view)).build();
    }

    private Response createImage(Instance instance, RequestContext caller, Object args, String token) {
        if (!(args instanceof Map<?, ?> raw)) {
            throw Bodies.invalid("createImage", args, "is not of type 'object'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) raw;
        String name = Bodies.string(fields, "name", 255, true);
        Map<String, String> metadata = ServerBuilder.metadata(fields.get("metadata"));
        lifecycle.checkUnlocked(instance, caller);
        if (!SNAPSHOT_STATES.contains(instance.vmState()) || instance.taskState() != null) {
            throw ApiException.conflict("Cannot 'createImage' instance " + instance.uuid() + " while it is in "
                    + (instance.taskState() != null ? "task_state " + instance.taskState() : "vm_state " + instance.vmState()));
        }
        Map<String, Object> image = new LinkedHashMap<>(metadata);
        image.put("name", name);
        image.put("disk_format", "qcow2");
        image.put("container_format", "bare");
        image.put("instance_uuid", instance.uuid());
        image.put("image_type", "snapshot");
        image.put("visibility", "private");
        image.put("base_image_ref", instance.imageRef());
        image.put("user_id", caller.userId());
        String imageId = String.valueOf(glance.createImage(image, token).get("id"));
        lifecycle.act(instance, caller, "createImage", SNAPSHOT_STATES, "image_snapshot",
                new ComputeRequest("snapshot", instance.uuid(), null, imageId, token));
        return Response.accepted().location(URI.create(glance.imageUrl(imageId))).build();
    }

    private String consoleOutput(Instance instance, RequestContext caller, Object args) {
        Integer length = null;
        if (args instanceof Map<?, ?> map && map.get("length") != null) {
            String value = String.valueOf(map.get("length"));
            if (!value.matches("-?[0-9]{1,9}")) {
                throw Bodies.invalid("length", value, "is not of type 'integer'");
            }
            length = Integer.parseInt(value) < 0 ? null : Integer.parseInt(value);
        }
        if (instance.host() == null || "building".equals(instance.vmState())) {
            throw ApiException.conflict("Instance " + instance.uuid() + " is not ready");
        }
        JsonNode reply;
        try {
            reply = rpc.callCompute(instance.host(), ComputeRequest.of("console_output", instance.uuid()), caller);
        } catch (RpcException e) {
            throw new ApiException(503, "The compute host did not answer: " + e.getMessage());
        }
        String output = reply.path("output").asText("");
        if (length == null) {
            return output;
        }
        String[] lines = output.split("\n", -1);
        int from = Math.max(0, lines.length - length - (output.endsWith("\n") ? 1 : 0));
        return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }

    private static ComputeRequest call(String method, String uuid) {
        return ComputeRequest.of(method, uuid);
    }
}
