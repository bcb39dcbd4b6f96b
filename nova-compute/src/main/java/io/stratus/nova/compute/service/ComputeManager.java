package io.stratus.nova.compute.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeRequest;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.nova.SchedulerRequest;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.common.rpc.RpcServer;
import io.stratus.nova.compute.image.GlanceImages;
import io.stratus.nova.compute.image.ImageCache;
import io.stratus.nova.compute.image.ImageSource;
import io.stratus.nova.compute.virt.DiskImages;
import io.stratus.nova.compute.virt.InstanceSpec;
import io.stratus.nova.compute.virt.PowerState;
import io.stratus.nova.compute.virt.VirtDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Nova's compute manager: serves each host's queue `compute.<host>`, one message at a time, acked once
 * the work is done, and tells the conductor what became of the server. Every method is safe to run
 * twice: a build of a server already here reports it, a delete of one not here reports it deleted.
 * A build that fails goes back to the scheduler for another host, up to {@link BuildRequest#MAX_ATTEMPTS} tries.
 */
@ApplicationScoped
public class ComputeManager {

    private static final Logger LOG = Logger.getLogger(ComputeManager.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAKE_BASE = "base-image";

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    @Inject
    List<ComputeNode> nodes;

    @Inject
    ComputeConfig config;

    @Inject
    ImageCache images;

    private GlanceImages glance;
    private final List<RpcServer> servers = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        glance = new GlanceImages(config.glanceUrl());
        for (ComputeNode node : nodes) {
            String queue = topics.compute(node.host());
            servers.add(rpc.serve(topics.exchange(), queue, queue, 1, message -> handle(node,
                    JSON.treeToValue(message.payload(), ComputeRequest.class), message.context())));
        }
        LOG.infof("serving %d compute host(s): %s", nodes.size(), nodes.size() > 3 ? nodes.get(0).host() + " …" : nodes.stream()
                .map(ComputeNode::host).toList());
    }

    void stop(@Observes ShutdownEvent event) {
        servers.forEach(RpcServer::close);
    }

    JsonNode handle(ComputeNode node, ComputeRequest request, RequestContext context) {
        VirtDriver driver = node.driver();
        String uuid = request.instanceUuid();
        switch (request.method()) {
            case "build" -> build(node, request.build(), context);
            case "rebuild" -> rebuild(node, request.build(), context);
            case "resize" -> resize(node, request.build(), false, context);
            case "revert_resize" -> resize(node, request.build(), true, context);
            case "delete" -> {
                driver.destroy(uuid);
                removeInstanceDir(uuid);
                conductor(InstanceEvent.deleted(uuid, node.host()), context);
            }
            case "stop" -> act(node, uuid, "powering-off", "stopped", context, () -> driver.powerOff(uuid));
            case "start" -> act(node, uuid, "powering-on", "active", context, () -> driver.powerOn(uuid));
            case "reboot_soft" -> act(node, uuid, "rebooting", "active", context, () -> driver.reboot(uuid, false));
            case "reboot_hard" -> act(node, uuid, "rebooting_hard", "active", context, () -> driver.reboot(uuid, true));
            case "pause" -> act(node, uuid, "pausing", "paused", context, () -> driver.pause(uuid));
            case "unpause" -> act(node, uuid, "unpausing", "active", context, () -> driver.unpause(uuid));
            case "suspend" -> act(node, uuid, "suspending", "suspended", context, () -> driver.suspend(uuid));
            case "resume" -> act(node, uuid, "resuming", "active", context, () -> driver.resume(uuid));
            case "snapshot" -> snapshot(node, request, context);
            case "trigger_crash_dump" -> {
                try {
                    driver.injectNmi(uuid);
                    conductor(InstanceEvent.finished(uuid, node.host(), "trigger_crash_dump", null), context);
                } catch (RuntimeException e) {
                    LOG.warnf("NMI to %s failed on %s: %s", uuid, node.host(), e.getMessage());
                    conductor(InstanceEvent.finished(uuid, node.host(), "trigger_crash_dump", new InstanceEvent.Fault(500,
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null)), context);
                }
            }
            case "console_output" -> {
                return JSON.createObjectNode().put("output", driver.consoleOutput(uuid));
            }
            default -> LOG.warnf("ignoring compute request %s", request.method());
        }
        return null;
    }

    private void build(ComputeNode node, BuildRequest build, RequestContext context) {
        VirtDriver driver = node.driver();
        String uuid = build.instanceUuid();
        if (driver.instances().contains(uuid)) { // delivered again after it was built
            conductor(InstanceEvent.state(uuid, node.host(), "active", null, "spawning", driver.powerState(uuid).code()), context);
            return;
        }
        try {
            spawn(driver, build);
            conductor(InstanceEvent.state(uuid, node.host(), "active", null, "spawning", driver.powerState(uuid).code()), context);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("build of %s failed on %s (try %d): %s", uuid, node.host(), build.attempt(), reason);
            driver.destroy(uuid);
            removeInstanceDir(uuid);
            if (build.mayRetry()) {
                rpc.cast(topics.exchange(), topics.scheduler(), JSON.valueToTree(SchedulerRequest.schedule(build.retry(node.host()))), context);
            } else {
                conductor(InstanceEvent.failed(uuid, node.host(), "error", null, new InstanceEvent.Fault(500,
                        "Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance " + uuid
                                + ".", reason)), context);
            }
        }
    }

    /** The image (and its kernel and ramdisk) from Glance into the cache, the instance's disk over it, the domain started. */
    private void spawn(VirtDriver driver, BuildRequest build) throws IOException {
        String uuid = build.instanceUuid();
        ImageSource source = glance.source(build.authToken());
        Path base = images.fetch(build.imageId(), build.imageChecksum(), build.imageSize(), source);
        Path disk = instanceDir(uuid).resolve("disk");
        if (config.driver().equals("fake")) { // no disk: remember the image for a snapshot
            Files.createDirectories(disk.getParent());
            Files.writeString(disk.resolveSibling(FAKE_BASE), base.toString());
        } else {
            DiskImages.overlay(base, build.imageProperties().getOrDefault("disk_format", "raw"), disk, build.rootGb());
        }
        start(driver, build, disk, source);
    }

    /** The instance's domain defined and started over its disk, at the build's sizes. */
    private void start(VirtDriver driver, BuildRequest build, Path disk, ImageSource source) throws IOException {
        String uuid = build.instanceUuid();
        Map<String, String> properties = build.imageProperties();
        Path kernel = properties.containsKey("kernel_id") ? images.fetch(properties.get("kernel_id"), null, -1, source) : null;
        Path ramdisk = properties.containsKey("ramdisk_id") ? images.fetch(properties.get("ramdisk_id"), null, -1, source) : null;
        driver.spawn(new InstanceSpec(uuid, build.vcpus(), build.memoryMb(), build.rootGb(), properties, kernel, ramdisk,
                properties.get("os_command_line")), disk);
    }

    /** A rebuild: the server's domain and disk replaced from the new image; it comes back as it was, running or stopped. */
    private void rebuild(ComputeNode node, BuildRequest build, RequestContext context) {
        recreate(node, build, "rebuilding", null, "Rebuild", context, () -> {
            removeInstanceDir(build.instanceUuid());
            spawn(node.driver(), build);
        });
    }

    /**
     * A resize (or its revert) in place: the domain is replaced by one of the new sizes over the same disk,
     * grown to the new root size (never shrunk). The server is then VERIFY_RESIZE (a revert: ACTIVE or
     * SHUTOFF as it was).
     */
    private void resize(ComputeNode node, BuildRequest build, boolean revert, RequestContext context) {
        recreate(node, build, revert ? "resize_reverting" : "resize_prep", revert ? null : "resized", "Resize", context, () -> {
            Path disk = instanceDir(build.instanceUuid()).resolve("disk");
            if (!config.driver().equals("fake")) {
                DiskImages.grow(disk, build.rootGb());
            }
            start(node.driver(), build, disk, glance.source(build.authToken()));
        });
    }

    /** Work on an instance's disk and domain that may fail with an I/O error. */
    @FunctionalInterface
    private interface InstanceWork {
        void run() throws IOException;
    }

    /**
     * The server's domain destroyed and made again by {@code remake}; it comes back running or stopped as it
     * was, and its vm state is {@code vmState} (null: active or stopped, as it was). A failure leaves it in
     * ERROR with a fault.
     */
    private void recreate(ComputeNode node, BuildRequest build, String taskState, String vmState, String what, RequestContext context,
                          InstanceWork remake) {
        VirtDriver driver = node.driver();
        String uuid = build.instanceUuid();
        boolean wasStopped = driver.instances().contains(uuid) && driver.powerState(uuid) == PowerState.SHUTDOWN;
        try {
            driver.destroy(uuid);
            remake.run();
            if (wasStopped) {
                driver.powerOff(uuid);
            }
            conductor(InstanceEvent.state(uuid, node.host(), vmState != null ? vmState : wasStopped ? "stopped" : "active", null, taskState,
                    driver.powerState(uuid).code()), context);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s of %s (%s) failed on %s: %s", what, uuid, taskState, node.host(), e.getMessage());
            conductor(InstanceEvent.failed(uuid, node.host(), "error", taskState, new InstanceEvent.Fault(500,
                    what + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null)), context);
        }
    }

    /** Runs an action; the server's new state (or the failure, leaving its state as it was) goes to the conductor. */
    private void act(ComputeNode node, String uuid, String taskState, String vmState, RequestContext context, Runnable action) {
        try {
            action.run();
            conductor(InstanceEvent.state(uuid, node.host(), vmState, null, taskState, node.driver().powerState(uuid).code()), context);
        } catch (RuntimeException e) {
            LOG.warnf("%s of %s failed on %s: %s", taskState, uuid, node.host(), e.getMessage());
            conductor(InstanceEvent.failed(uuid, node.host(), null, taskState, new InstanceEvent.Fault(500,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null)), context);
        }
    }

    private void snapshot(ComputeNode node, ComputeRequest request, RequestContext context) {
        String uuid = request.instanceUuid();
        Path flat = null;
        try {
            Path disk = instanceDir(uuid).resolve("disk");
            if (Files.exists(disk)) {
                flat = Files.createTempFile(instanceDir(uuid), "snapshot.", ".qcow2");
                DiskImages.flatten(disk, flat);
            } else { // the fake driver keeps no disk: its snapshot is the image it booted from
                flat = Files.createTempFile(instanceDir(uuid), "snapshot.", ".img");
                Files.copy(Path.of(Files.readString(instanceDir(uuid).resolve(FAKE_BASE))), flat, StandardCopyOption.REPLACE_EXISTING);
            }
            glance.upload(request.imageId(), flat, request.authToken());
            PowerState power = node.driver().powerState(uuid);
            conductor(InstanceEvent.state(uuid, node.host(), vmState(power), null, "image_snapshot", power.code()), context);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("snapshot of %s failed on %s: %s", uuid, node.host(), e.getMessage());
            try {
                glance.delete(request.imageId(), request.authToken());
            } catch (IOException | RuntimeException cleanup) {
                LOG.warnf("cannot remove the failed snapshot's image %s: %s", request.imageId(), cleanup.getMessage());
            }
            conductor(InstanceEvent.failed(uuid, node.host(), null, "image_snapshot", new InstanceEvent.Fault(500,
                    "Snapshot failed: " + e.getMessage(), null)), context);
        } finally {
            if (flat != null) {
                try {
                    Files.deleteIfExists(flat);
                } catch (IOException e) {
                    LOG.warnf("cannot remove %s: %s", flat, e.getMessage());
                }
            }
        }
    }

    /** What the power-state sync tells the conductor: each server here and its power state. */
    public Map<String, Integer> powerStates(VirtDriver driver) {
        Map<String, Integer> states = new java.util.HashMap<>();
        for (String uuid : driver.instances()) {
            states.put(uuid, driver.powerState(uuid).code());
        }
        return states;
    }

    static String vmState(PowerState power) {
        return switch (power) {
            case RUNNING -> "active";
            case PAUSED -> "paused";
            case SUSPENDED -> "suspended";
            default -> "stopped";
        };
    }

    private void conductor(InstanceEvent event, RequestContext context) {
        rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(event), context);
    }

    private Path instanceDir(String uuid) {
        if (!uuid.matches("[0-9a-fA-F-]{36}")) {
            throw new IllegalArgumentException("not a server id: " + uuid);
        }
        return Path.of(config.instancesDir(), uuid);
    }

    private void removeInstanceDir(String uuid) {
        Path dir = instanceDir(uuid);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", dir, e.getMessage());
        }
    }
}
