package io.stratus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.ring.Ring;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `stratus swift …`: the operator's view of a Swift cluster. dispersion populate|report work as
 * swift-dispersion-populate and -report (sample objects and containers spread over the partitions,
 * then every replica looked for on its primary); recon gathers each storage node's health figures.
 */
@Command(name = "swift", mixinStandardHelpOptions = true, description = "Swift cluster health: dispersion and recon.",
        subcommands = {SwiftCommand.Dispersion.class, SwiftCommand.Recon.class})
public class SwiftCommand {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final String OBJECTS = "dispersion_objects";
    static final String CONTAINER_PREFIX = "dispersion_";

    /** Where the rings and the cluster's hash path secrets are. */
    static class ClusterOptions {
        @Option(names = "--ring-dir", required = true, description = "the folder holding account/container/object.ring.gz")
        Path ringDir;

        @Option(names = "--hash-path-prefix", defaultValue = "${env:SWIFT_HASH_PATH_PREFIX}", description = "swift_hash_path_prefix")
        String prefix;

        @Option(names = "--hash-path-suffix", defaultValue = "${env:SWIFT_HASH_PATH_SUFFIX}", description = "swift_hash_path_suffix")
        String suffix;

        Ring ring(String kind) throws IOException {
            return Ring.read(ringDir.resolve(kind + ".ring.gz"));
        }

        PathHasher hasher() {
            return new PathHasher(prefix, suffix);
        }
    }

    @Command(name = "dispersion", mixinStandardHelpOptions = true, description = "Sample objects and containers and report their replicas.",
            subcommands = {Populate.class, Report.class})
    static class Dispersion {
    }

    @Command(name = "populate", mixinStandardHelpOptions = true,
            description = "Creates containers and objects in as many partitions as --coverage asks, through the Swift API (credentials from OS_*).")
    static class Populate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Option(names = "--coverage", defaultValue = "1", description = "percent of the partitions to sample (default 1)")
        double coverage;

        @Override
        public Integer call() throws Exception {
            Swift swift = Swift.login();
            PathHasher hasher = cluster.hasher();
            Ring containerRing = cluster.ring("container");
            int wanted = Math.max(1, (int) Math.ceil(containerRing.partitionCount() * coverage / 100));
            Set<Integer> covered = new HashSet<>();
            int made = 0;
            for (int i = 0; covered.size() < wanted && i < wanted * 100; i++) {
                String name = CONTAINER_PREFIX + i;
                if (covered.add(containerRing.partition(hasher, swift.account, name, null))) {
                    swift.send("PUT", "/" + name, new byte[0]);
                    made++;
                }
            }
            System.out.printf("Created %d containers for dispersion reporting%n", made);
            Ring objectRing = cluster.ring("object");
            wanted = Math.max(1, (int) Math.ceil(objectRing.partitionCount() * coverage / 100));
            swift.send("PUT", "/" + OBJECTS, new byte[0]);
            covered.clear();
            made = 0;
            for (int i = 0; covered.size() < wanted && i < wanted * 100; i++) {
                String name = "dispersion_" + i;
                if (covered.add(objectRing.partition(hasher, swift.account, OBJECTS, name))) {
                    swift.send("PUT", "/" + OBJECTS + "/" + name, name.getBytes(StandardCharsets.UTF_8));
                    made++;
                }
            }
            System.out.printf("Created %d objects for dispersion reporting%n", made);
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Looks for every replica of the sampled objects and containers on its primary node.")
    static class Report implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ClusterOptions cluster = new ClusterOptions();

        @Option(names = "--json", description = "print the figures as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Swift swift = Swift.login();
            PathHasher hasher = cluster.hasher();
            List<String> containers = new ArrayList<>();
            for (String line : swift.list("/?prefix=" + CONTAINER_PREFIX)) {
                if (!line.equals(OBJECTS)) {
                    containers.add(line);
                }
            }
            List<String> objects = swift.list("/" + OBJECTS);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("container", copies(cluster.ring("container"), containers,
                    name -> cluster.ring("container").partition(hasher, swift.account, name, null),
                    name -> "/" + enc(swift.account) + "/" + enc(name)));
            figures.put("object", copies(cluster.ring("object"), objects,
                    name -> cluster.ring("object").partition(hasher, swift.account, OBJECTS, name),
                    name -> "/" + enc(swift.account) + "/" + OBJECTS + "/" + enc(name)));
            if (json) {
                System.out.println(JSON.writeValueAsString(figures));
            } else {
                for (String kind : List.of("container", "object")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> f = (Map<String, Object>) figures.get(kind);
                    System.out.printf("Queried %s %ss for dispersion reporting%n", f.get("sampled"), kind);
                    System.out.printf("%.2f%% of %s copies found (%s of %s)%n", f.get("pct_found"), kind, f.get("copies_found"),
                            f.get("copies_expected"));
                    System.out.printf("Sample represents %.2f%% of the %s partition space%n", f.get("pct_partitions"), kind);
                }
            }
            return 0;
        }

        interface Partitioner {
            int partition(String name) throws IOException;
        }

        interface Namer {
            String path(String name);
        }

        private static Map<String, Object> copies(Ring ring, List<String> names, Partitioner partitioner, Namer namer) throws IOException {
            int found = 0;
            int expected = 0;
            Set<Integer> partitions = new HashSet<>();
            int missingAll = 0;
            for (String name : names) {
                int partition = partitioner.partition(name);
                partitions.add(partition);
                int here = 0;
                for (Device device : ring.primaries(partition)) {
                    expected++;
                    try {
                        HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + device.ip() + ":" + device.port() + "/"
                                        + device.device() + "/" + partition + namer.path(name))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() / 100 == 2) {
                            here++;
                        }
                    } catch (IOException e) {
                        // not found there
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                found += here;
                if (here == 0) {
                    missingAll++;
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("sampled", names.size());
            figures.put("copies_found", found);
            figures.put("copies_expected", expected);
            figures.put("pct_found", expected == 0 ? 0.0 : 100.0 * found / expected);
            figures.put("missing_all", missingAll);
            figures.put("pct_partitions", 100.0 * partitions.size() / ring.partitionCount());
            return figures;
        }
    }

    @Command(name = "recon", mixinStandardHelpOptions = true,
            description = "Each storage node's health (async pendings, quarantined, replication, disk usage, ring checksums), summarised.")
    static class Recon implements Callable<Integer> {
        @Option(names = "--ring-dir", required = true, description = "the folder holding the rings every node should have")
        Path ringDir;

        @Option(names = "--json", description = "print each node's figures as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Ring ring = Ring.read(ringDir.resolve("object.ring.gz"));
            Set<String> nodes = new java.util.TreeSet<>();
            for (Device device : ring.devices()) {
                if (device != null) {
                    nodes.add(device.ip() + ":" + device.port());
                }
            }
            Map<String, String> expectedMd5 = new LinkedHashMap<>();
            for (String kind : List.of("account", "container", "object")) {
                expectedMd5.put(kind, md5(ringDir.resolve(kind + ".ring.gz")));
            }
            Map<String, JsonNode> figures = new LinkedHashMap<>();
            int unreachable = 0;
            for (String node : nodes) {
                try {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + node + "/recon"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    figures.put(node, JSON.readTree(answer.body()));
                } catch (IOException e) {
                    unreachable++;
                    System.err.println(node + ": unreachable (" + e.getMessage() + ")");
                }
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(figures));
                return unreachable == 0 ? 0 : 1;
            }
            long pending = 0;
            long quarantined = 0;
            long oldestSuccess = Long.MAX_VALUE;
            int mismatches = 0;
            for (Map.Entry<String, JsonNode> node : figures.entrySet()) {
                JsonNode f = node.getValue();
                pending += f.path("async_pending").asLong();
                quarantined += f.path("quarantined").path("objects").asLong();
                oldestSuccess = Math.min(oldestSuccess, f.path("replication").path("last_success").asLong());
                for (Map.Entry<String, String> kind : expectedMd5.entrySet()) {
                    if (!kind.getValue().equals(f.path("ring_md5").path(kind.getKey()).asText())) {
                        mismatches++;
                        System.out.printf("%s: %s ring differs from %s%n", node.getKey(), kind.getKey(), ringDir);
                    }
                }
                for (JsonNode disk : f.path("disk_usage")) {
                    System.out.printf("%s %s: %s%n", node.getKey(), disk.path("device").asText(), disk.path("mounted").asBoolean()
                            ? String.format("%.1f%% used", 100.0 * disk.path("used").asLong() / Math.max(1, disk.path("size").asLong()))
                            : "UNMOUNTED");
                }
                JsonNode pass = f.path("replication").path("last_pass");
                if (!pass.isNull() && !pass.isMissingNode()) {
                    System.out.printf("%s: last object replication pass %.1f s, %d files pushed, %d failures%n", node.getKey(),
                            pass.path("seconds").asDouble(), pass.path("filesPushed").asLong(), pass.path("failures").asInt());
                }
            }
            System.out.printf("%d of %d nodes answered%n", figures.size(), nodes.size());
            System.out.printf("async pendings: %d, quarantined objects: %d, ring checksum mismatches: %d%n", pending, quarantined,
                    mismatches);
            System.out.printf("oldest last replication success: %s%n", oldestSuccess == 0 || oldestSuccess == Long.MAX_VALUE ? "never"
                    : (System.currentTimeMillis() / 1000 - oldestSuccess) + " s ago");
            return unreachable == 0 && mismatches == 0 ? 0 : 1;
        }

        private static String md5(Path file) throws Exception {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(java.nio.file.Files.readAllBytes(file)));
        }
    }

    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A Swift account reached with a Keystone v3 password login (the OS_* variables of an openrc). */
    static final class Swift {
        final String storageUrl;
        final String token;
        final String account;

        private Swift(String storageUrl, String token) {
            this.storageUrl = storageUrl.endsWith("/") ? storageUrl.substring(0, storageUrl.length() - 1) : storageUrl;
            this.token = token;
            this.account = java.net.URLDecoder.decode(this.storageUrl.substring(this.storageUrl.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        }

        static Swift login() throws IOException, InterruptedException {
            String authUrl = env("OS_AUTH_URL");
            Map<String, Object> body = Map.of("auth", Map.of(
                    "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
                            "name", env("OS_USERNAME"), "password", env("OS_PASSWORD"),
                            "domain", Map.of("name", System.getenv().getOrDefault("OS_USER_DOMAIN_NAME", "Default"))))),
                    "scope", Map.of("project", Map.of("name", env("OS_PROJECT_NAME"),
                            "domain", Map.of("name", System.getenv().getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default"))))));
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(authUrl.replaceAll("/+$", "") + "/auth/tokens"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IOException("Keystone login answered " + answer.statusCode() + ": " + answer.body());
            }
            String token = answer.headers().firstValue("X-Subject-Token").orElseThrow();
            for (JsonNode service : JSON.readTree(answer.body()).path("token").path("catalog")) {
                if (service.path("type").asText().equals("object-store")) {
                    for (JsonNode endpoint : service.path("endpoints")) {
                        if (endpoint.path("interface").asText().equals("public")) {
                            return new Swift(endpoint.path("url").asText(), token);
                        }
                    }
                }
            }
            throw new IOException("the catalog has no public object-store endpoint");
        }

        private static String env(String name) {
            String value = System.getenv(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(name + " is not set (source an openrc first)");
            }
            return value;
        }

        void send(String method, String path, byte[] body) throws IOException, InterruptedException {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(storageUrl + path)).header("X-Auth-Token", token)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IOException(method + " " + path + " answered " + answer.statusCode());
            }
        }

        List<String> list(String path) throws IOException, InterruptedException {
            List<String> names = new ArrayList<>();
            String marker = "";
            while (true) {
                String sep = path.contains("?") ? "&" : "?";
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(storageUrl + path + sep + "marker=" + enc(marker)))
                        .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 404) {
                    return names;
                }
                if (answer.statusCode() / 100 != 2) {
                    throw new IOException("GET " + path + " answered " + answer.statusCode());
                }
                List<String> page = answer.body().isEmpty() ? List.of() : List.of(answer.body().split("\n"));
                if (page.isEmpty()) {
                    return names;
                }
                names.addAll(page);
                marker = page.get(page.size() - 1);
            }
        }
    }
}
