package io.stratus.nova.api.service;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeRequest;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.common.rpc.RpcException;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.repo.Flavor;
import io.stratus.nova.api.repo.Instance;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.common.http.CurrentRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A server's life after boot: actions start here (a task state set only if the server is idle and in
 * a state the action allows, then a cast to its host), and what the scheduler and hosts report comes
 * back here through the conductor queue ({@link #apply}).
 */
@ApplicationScoped
public class ServerLifecycle {

    private static final Logger LOG = Logger.getLogger(ServerLifecycle.class);
    /** Nova's power states. */
    static final int RUNNING = 1;
    static final int SHUTDOWN = 4;
    static final int CRASHED = 6;
    static final int NOSTATE = 0;

    @Inject
    InstanceRepo instances;

    @Inject
    NovaRpc rpc;

    @Inject
    CurrentRequest current;

    @Inject
    ComputeHostRepo hosts;

    @Inject
    ComputeReports reports;

    /** A live server the caller may see: its project's, or any for an admin; 404 otherwise. */
    public Instance visible(String uuid) {
        RequestContext caller = current.authenticated();
        return instances.find(uuid).filter(instance -> !instance.deleted())
                .filter(instance -> instance.projectId().equals(caller.projectId()) || caller.hasRole("admin"))
                .orElseThrow(() -> ApiException.notFound("Instance " + uuid + " could not be found."));
    }

    public void checkUnlocked(Instance instance, RequestContext caller) {
        if (instance.locked() && !caller.hasRole("admin")) {
            throw ApiException.conflict("Instance " + instance.uuid() + " is locked");
        }
    }

    public void delete(Instance instance, RequestContext caller) {
        checkUnlocked(instance, caller);
        Instant now = Instant.now();
        instances.startAction(instance.uuid(), "delete", requestId(caller), caller.userId(), caller.projectId(), now);
        boolean hostDown = instance.host() != null && hosts.byHost(instance.host()).map(host -> !reports.up(host)).orElse(true);
        if (instance.host() == null || hostDown) { // never placed, or its host is gone: Nova's local delete
            instances.markDeleted(instance.uuid(), now);
            instances.finishAction(instance.uuid(), false, now);
            releaseQuietly(instance.uuid(), caller);
            return;
        }
        instances.transition(instance.uuid(), true, null, instance.vmState(), "deleting", null, now);
        try {
            rpc.compute(instance.host(), ComputeRequest.of("delete", instance.uuid()), caller);
        } catch (RpcException e) {
            instances.transition(instance.uuid(), false, "deleting", instance.vmState(), null, null, Instant.now());
            throw new ApiException(503, "The compute host cannot be reached; the server was not deleted.");
        }
    }

    /**
     * Starts an action: the server must be idle and in one of {@code vmStates}; its task state becomes
     * {@code taskState} and {@code request} goes to its host.
     */
    public void act(Instance instance, RequestContext caller, String action, List<String> vmStates, String taskState, ComputeRequest request) {
        checkUnlocked(instance, caller);
        if (instance.host() == null || !instances.startTask(instance.uuid(), vmStates, taskState, Instant.now())) {
            throw conflict(instance, action, vmStates);
        }
        instances.startAction(instance.uuid(), action, requestId(caller), caller.userId(), caller.projectId(), Instant.now());
        try {
            rpc.compute(instance.host(), request, caller);
        } catch (RpcException e) {
            undoTask(instance, taskState);
            throw new ApiException(503, "The compute host cannot be reached; nothing was done.");
        }
    }

    /**
     * Asks the server's host for a non-maskable interrupt (2.17), so a guest set up for it writes a crash
     * dump. No task state: the server must be idle, in one of the states Nova allows; the action records
     * the outcome.
     */
    public void triggerCrashDump(Instance instance, RequestContext caller) {
        checkUnlocked(instance, caller);
        List<String> states = List.of("active", "paused", "resized", "error");
        if (instance.host() == null || instance.taskState() != null || !states.contains(instance.vmState())) {
            throw conflict(instance, "trigger_crash_dump", states);
        }
        instances.startAction(instance.uuid(), "trigger_crash_dump", requestId(caller), caller.userId(), caller.projectId(), Instant.now());
        try {
            rpc.compute(instance.host(), ComputeRequest.of("trigger_crash_dump", instance.uuid()), caller);
        } catch (RpcException e) {
            instances.finishAction(instance.uuid(), true, Instant.now());
            throw new ApiException(503, "The compute host cannot be reached; nothing was done.");
        }
    }

    /**
     * Starts a resize on the server's own host: task resize_prep, the new flavor's sizes recorded (the
     * old ones kept), and the scheduler asked to claim them there. VERIFY_RESIZE once the host has
     * applied them; a claim refused puts the old flavor back (the action ends in Error); a host that
     * fails leaves the server in ERROR, on the new flavor its claim holds.
     */
    public void resize(Instance instance, RequestContext caller, Flavor flavor, ServerBuilder builder, String token) {
        checkUnlocked(instance, caller);
        BuildRequest request = builder.resizeRequest(instance, flavor, token); // before anything changes: Glance may fail
        builder.inProjectLock(instance.projectId(), () -> {
            builder.checkResizeQuota(instances.find(instance.uuid()).orElse(instance), flavor); // its sizes as of the lock
            if (instance.host() == null || !instances.startTask(instance.uuid(), List.of("active", "stopped"), "resize_prep", Instant.now())) {
                throw conflict(instance, "resize", List.of("active", "stopped"));
            }
            instances.beginResize(instance.uuid(), flavor, Instant.now());
            return null;
        });
        instances.startAction(instance.uuid(), "resize", requestId(caller), caller.userId(), caller.projectId(), Instant.now());
        try {
            rpc.resize(request, instance.host(), false, caller);
        } catch (RpcException e) {
            instances.restoreOldFlavor(instance.uuid(), Instant.now());
            undoTask(instance, "resize_prep");
            throw new ApiException(503, "The scheduler cannot be reached; nothing was done.");
        }
    }

    /** Confirms a resize: the server keeps its new flavor and is ACTIVE again (SHUTOFF if it was stopped). */
    public void confirmResize(Instance instance, RequestContext caller) {
        checkUnlocked(instance, caller);
        String vmState = instance.powerState() == SHUTDOWN ? "stopped" : "active";
        if (!"resized".equals(instance.vmState()) || !instances.transition(instance.uuid(), false, null, vmState, null, null, Instant.now())) {
            throw conflict(instance, "confirmResize", List.of("resized"));
        }
        instances.forgetOldFlavor(instance.uuid());
        instances.startAction(instance.uuid(), "confirmResize", requestId(caller), caller.userId(), caller.projectId(), Instant.now());
        instances.finishAction(instance.uuid(), false, Instant.now());
    }

    /**
     * Reverts a resize: the old sizes claimed and applied on the host again, and the old flavor recorded
     * once the host has done so (ACTIVE, or SHUTOFF); a claim refused leaves it in VERIFY_RESIZE.
     */
    public void revertResize(Instance instance, RequestContext caller, ServerBuilder builder, String token) {
        checkUnlocked(instance, caller);
        Flavor old = instances.oldFlavor(instance.uuid()).orElseThrow(() -> conflict(instance, "revertResize", List.of("resized")));
        BuildRequest request = builder.resizeRequest(instance, old, token);
        builder.inProjectLock(instance.projectId(), () -> { // a revert to more cores or RAM than the new flavor's grows usage too
            builder.checkResizeQuota(instances.find(instance.uuid()).orElse(instance), old);
            if (!instances.startTask(instance.uuid(), List.of("resized"), "resize_reverting", Instant.now())) {
                throw conflict(instance, "revertResize", List.of("resized"));
            }
            return null;
        });
        instances.startAction(instance.uuid(), "revertResize", requestId(caller), caller.userId(), caller.projectId(), Instant.now());
        try {
            rpc.resize(request, instance.host(), true, caller);
        } catch (RpcException e) {
            undoTask(instance, "resize_reverting");
            throw new ApiException(503, "The scheduler cannot be reached; the resize was not reverted.");
        }
    }

    private ApiException conflict(Instance instance, String action, List<String> vmStates) {
        Instance now = instances.find(instance.uuid()).orElse(instance);
        boolean busy = now.taskState() != null && vmStates.contains(now.vmState());
        return ApiException.conflict("Cannot '" + action + "' instance " + instance.uuid() + " while it is in "
                + (busy ? "task_state " + now.taskState() : "vm_state " + now.vmState()));
    }

    private void undoTask(Instance instance, String taskState) {
        instances.transition(instance.uuid(), false, taskState, instance.vmState(), null, null, Instant.now());
        instances.finishAction(instance.uuid(), true, Instant.now());
    }

    /** Applies what the scheduler or a host reports; safe to apply twice. */
    public void apply(InstanceEvent event, RequestContext context) {
        Instant now = Instant.now();
        if (event.kind().equals("power")) {
            syncPowerStates(event.host(), event.powerStates(), Instant.ofEpochMilli(event.sampledAt()), now);
            return;
        }
        Instance instance = instances.find(event.instanceUuid()).orElse(null);
        if (instance == null || instance.deleted()) {
            // deleted while it was being placed or built: whatever its host made of it must go
            if (event.host() != null && !event.kind().equals("deleted")) {
                LOG.infof("server %s is deleted: asking %s to destroy it", event.instanceUuid(), event.host());
                rpc.compute(event.host(), ComputeRequest.of("delete", event.instanceUuid()), context);
            }
            if (instance != null) {
                releaseQuietly(instance.uuid(), context);
            }
            return;
        }
        switch (event.kind()) {
            case "placed" -> instances.place(instance.uuid(), event.host(), event.attempt(), now);
            case "state" -> {
                if (instances.transition(instance.uuid(), false, event.expectedTaskState(), event.vmState(), event.taskState(),
                        event.powerState(), now)) {
                    if ("resize_reverting".equals(event.expectedTaskState())) {
                        instances.restoreOldFlavor(instance.uuid(), now); // the host runs the old sizes again
                    }
                    if ("building".equals(instance.vmState()) && "active".equals(event.vmState())) {
                        instances.launched(instance.uuid(), now);
                    }
                    instances.finishAction(instance.uuid(), false, now);
                } else {
                    LOG.debugf("state event for %s ignored: task state is %s, not %s", instance.uuid(), instance.taskState(),
                            event.expectedTaskState());
                }
            }
            case "failed" -> {
                InstanceEvent.Fault fault = event.fault();
                boolean moved = event.vmState() != null
                        ? instances.transition(instance.uuid(), true, null, event.vmState(), null, null, now)
                        : instances.transition(instance.uuid(), false, event.expectedTaskState(), instance.vmState(), null, null, now);
                if (moved && "resize_prep".equals(event.expectedTaskState()) && event.vmState() == null) {
                    instances.restoreOldFlavor(instance.uuid(), now); // the claim was refused: the server keeps its flavor
                }
                if (moved && fault != null) {
                    instances.addFault(instance.uuid(), fault.code(), fault.message(), fault.details(), event.host(), now);
                }
                if (moved) {
                    instances.finishAction(instance.uuid(), true, now);
                }
                if ("error".equals(event.vmState()) && "building".equals(instance.vmState())) {
                    releaseQuietly(instance.uuid(), context);
                }
            }
            case "finished" -> {
                instances.finishAction(instance.uuid(), event.action(), event.fault() != null, now);
                if (event.fault() != null) {
                    instances.addFault(instance.uuid(), event.fault().code(), event.fault().message(), event.fault().details(), event.host(), now);
                }
            }
            case "deleted" -> {
                instances.markDeleted(instance.uuid(), now);
                instances.finishAction(instance.uuid(), false, now);
                releaseQuietly(instance.uuid(), context);
            }
            default -> LOG.warnf("ignoring an instance event of unknown kind %s", event.kind());
        }
    }

    /** Servers ERROR with a fault when their build has not ended within the timeout: none stays in BUILD forever. */
    public int failStuckBuilds(Instant cutoff, RequestContext context) {
        int failed = 0;
        for (Instance instance : instances.stuckBuilding(cutoff)) {
            Instant now = Instant.now();
            if (instances.transition(instance.uuid(), false, instance.taskState(), "error", null, null, now)) {
                instances.addFault(instance.uuid(), 500, "Build of instance " + instance.uuid() + " timed out", null, instance.host(), now);
                instances.finishAction(instance.uuid(), true, now);
                releaseQuietly(instance.uuid(), context);
                if (instance.host() != null) {
                    try {
                        rpc.compute(instance.host(), ComputeRequest.of("delete", instance.uuid()), context);
                    } catch (RpcException e) {
                        LOG.warnf("cannot ask %s to clean up timed-out build %s: %s", instance.host(), instance.uuid(), e.getMessage());
                    }
                }
                failed++;
            }
        }
        return failed;
    }

    /**
     * Nova's power-state sync: the hypervisor's word is recorded, and an idle ACTIVE server whose guest
     * stopped, crashed or vanished behind Nova's back becomes SHUTOFF.
     */
    private void syncPowerStates(String host, Map<String, Integer> reported, Instant sampledAt, Instant now) {
        if (host == null || reported == null) {
            return;
        }
        for (Instance instance : instances.onHost(host)) {
            if (instance.taskState() != null || "building".equals(instance.vmState()) || instance.updatedAt().isAfter(sampledAt)) {
                continue;
            }
            int power = reported.getOrDefault(instance.uuid(), NOSTATE);
            if (power != instance.powerState()) {
                instances.setPowerState(instance.uuid(), power, now);
            }
            if ("active".equals(instance.vmState()) && (power == SHUTDOWN || power == CRASHED || power == NOSTATE)) {
                LOG.infof("server %s is %s on %s behind Nova's back: marking it stopped", instance.uuid(),
                        power == NOSTATE ? "gone" : "not running", host);
                instances.transition(instance.uuid(), false, null, "stopped", null, power, now);
            }
        }
    }

    private void releaseQuietly(String uuid, RequestContext context) {
        try {
            rpc.release(uuid, context);
        } catch (RpcException e) {
            LOG.warnf("cannot release the claim of %s now: %s", uuid, e.getMessage());
        }
    }

    /** The request id an instance action is recorded under ("-" for a request without one). */
    public static String requestId(RequestContext caller) {
        return caller.requestId() == null ? "-" : caller.requestId();
    }
}
