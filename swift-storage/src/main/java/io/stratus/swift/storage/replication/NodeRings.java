package io.stratus.swift.storage.replication;

import io.quarkus.runtime.LaunchMode;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import io.stratus.swift.ring.RingWatcher;
import io.stratus.swift.storage.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** The rings as this node sees them (re-read when the files change), and which of their devices are its own. */
@ApplicationScoped
public class NodeRings {

    @Inject
    StorageConfig config;

    private final Map<String, RingWatcher> watchers = new ConcurrentHashMap<>();

    /** The ring of "object", "container" or "account"; empty when the node has no ring folder or no such ring yet. */
    public Optional<Ring> ring(String kind) {
        if (config.ringDir().isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(config.ringDir().get(), kind + ".ring.gz");
        RingWatcher watcher = watchers.get(kind);
        if (watcher == null) {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                watcher = watchers.computeIfAbsent(kind, k -> {
                    try {
                        return new RingWatcher(file, 5_000);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(watcher.ring());
    }

    /** The ring file's path, for its checksum. */
    public Optional<Path> ringFile(String kind) {
        return config.ringDir().map(dir -> Path.of(dir, kind + ".ring.gz")).filter(Files::isRegularFile);
    }

    /** The ring's devices served by this node: its address and port. */
    public List<Device> localDevices(Ring ring) {
        int port = config.ringPort().orElseGet(NodeRings::listeningPort);
        return ring.devices().stream().filter(d -> d != null && d.port() == port && d.ip().equals(config.ringIp())).toList();
    }

    public static boolean isLocal(Device device, List<Device> locals) {
        return locals.stream().anyMatch(d -> d.id() == device.id());
    }

    /** The port the HTTP server listens on (tests ask for any free one: Quarkus publishes the one it got). */
    private static int listeningPort() {
        String property = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        Integer published = Integer.getInteger(property); // set after the bind when the port was 0
        return published != null ? published : ConfigProvider.getConfig().getOptionalValue(property, Integer.class).orElse(6200);
    }

    /** The partition's handoffs other than {@code local}: where a primary's copy goes while its device is unavailable. */
    public static java.util.Iterator<Device> standIns(Ring ring, int partition, Device local) {
        return ring.handoffs(partition).stream().filter(d -> d.id() != local.id()).iterator();
    }
}
