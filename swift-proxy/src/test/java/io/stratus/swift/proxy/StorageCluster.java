package io.stratus.swift.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three real storage nodes (the built swift-storage jar, one process each, zones 1-3) and their
 * rings, for the proxy tests: every partition's primaries are d0, d1 and d2, and node 0 has a
 * fourth device, h0, the handoff. Tests can stop and restart a node to see the proxy route around it.
 */
public class StorageCluster implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = "test-prefix";
    static final String SUFFIX = "test-suffix";
    static final int PART_POWER = 6;
    /** A second device on node 0, in a zone of its own: every partition's first handoff. */
    static final String HANDOFF_DEVICE = "h0";
    static final List<Process> NODES = new ArrayList<>();
    static final List<Integer> PORTS = new ArrayList<>();
    static Path root;

    @Override
    public Map<String, String> start() {
        try {
            Path jar = Path.of("../swift-storage/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
            if (!Files.exists(jar)) {
                throw new IllegalStateException("build swift-storage first (mvn package): " + jar + " is missing");
            }
            root = Files.createTempDirectory("swift-cluster");
            Path rings = Files.createDirectories(root.resolve("rings"));
            for (int i = 0; i < 3; i++) {
                PORTS.add(freePort());
                Files.createDirectories(root.resolve("node" + i).resolve("d" + i));
            }
            Files.createDirectories(root.resolve("node0").resolve(HANDOFF_DEVICE));
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                devices.add(new Device(i, 1, i + 1, "127.0.0.1", PORTS.get(i), "d" + i, 100, ""));
            }
            devices.add(new Device(3, 1, 4, "127.0.0.1", PORTS.get(0), HANDOFF_DEVICE, 100, ""));
            int[][] table = new int[3][1 << PART_POWER]; // replica r of every partition on d<r>
            for (int replica = 0; replica < 3; replica++) {
                java.util.Arrays.fill(table[replica], replica);
            }
            for (String kind : List.of("account", "container", "object")) {
                new Ring(PART_POWER, devices, table).write(rings.resolve(kind + ".ring.gz"));
            }
            for (int i = 0; i < 3; i++) {
                NODES.add(null);
                startNode(i);
            }
            return Map.of("swift.proxy.ring-dir", rings.toString(), "swift.proxy.hash-path-prefix", PREFIX,
                    "swift.proxy.hash-path-suffix", SUFFIX, "swift.proxy.conn-timeout", "500ms");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void startNode(int i) throws IOException {
        Path jar = Path.of("../swift-storage/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + PORTS.get(i), "-Dswift.storage.devices=" + root.resolve("node" + i),
                "-Dswift.storage.hash-path-prefix=" + PREFIX, "-Dswift.storage.hash-path-suffix=" + SUFFIX, "-jar", jar.toString());
        builder.redirectErrorStream(true).redirectOutput(root.resolve("node" + i + ".log").toFile());
        NODES.set(i, builder.start());
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", PORTS.get(i))) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("storage node " + i + " did not start; see " + root.resolve("node" + i + ".log"));
    }

    static void killNode(int i) throws InterruptedException {
        NODES.get(i).destroyForcibly().waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        for (Process node : NODES) {
            if (node != null) {
                node.destroyForcibly().onExit().join();
            }
        }
        deleteTree(root); // ~20 MB of nodes, rings and logs per run, on a machine CI reuses
    }

    private static void deleteTree(Path top) {
        if (top == null) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(top)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is not worth failing the tests for
        }
    }
}
