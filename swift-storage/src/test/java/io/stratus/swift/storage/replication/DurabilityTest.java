package io.stratus.swift.storage.replication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicator, auditor, reads of damaged objects and the expirer on one node holding four devices:
 * d1, d2 and d3 are every partition's primaries, d4 a handoff (the ring says so; the node serves all four).
 */
@QuarkusTest
class DurabilityTest {

    private static final Path DEVICES = Path.of("target/test-devices");
    // now: tombstones older than the reclaim age (7 days) are removed for good by the replicator
    private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis() / 1000 - 3600);
    private static final int PARTITION = 1;
    private static final io.stratus.swift.ring.PathHasher HASHER = new io.stratus.swift.ring.PathHasher("stratus", "changeme");
    private static final List<String> PRIMARIES = List.of("d1", "d2", "d3");
    private static boolean ringsWritten;
    private String account;

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.config = RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        for (String device : List.of("d1", "d2", "d3", "d4")) {
            if (!ringsWritten && Files.exists(DEVICES.resolve(device))) {
                // an earlier run's objects would be replicated again by every pass, and a wiped device refilled with all of them
                try (Stream<Path> old = Files.walk(DEVICES.resolve(device))) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(DEVICES.resolve(device));
        }
        Path rings = Path.of("target/test-rings");
        Files.createDirectories(rings);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(new Device(i, 1, i + 1, "127.0.0.1", RestAssured.port, "d" + (i + 1), 100, ""));
        }
        int[][] table = new int[3][4]; // every partition on d1, d2, d3
        for (int replica = 0; replica < 3; replica++) {
            java.util.Arrays.fill(table[replica], replica);
        }
        Ring ring = new Ring(2, devices, table);
        if (!ringsWritten) { // once per run: an earlier run's rings name another port
            for (String kind : List.of("object", "container")) {
                ring.write(rings.resolve(kind + ".ring.gz"));
            }
            ringsWritten = true;
        }
        account = "AUTH_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String ts() {
        return new Timestamp(CLOCK.incrementAndGet() * 100_000).internal();
    }

    private int containerPartition(String name) {
        return io.stratus.swift.ring.PathHasher.partition(HASHER.hash(account, name, null), 2);
    }

    /** The internal path of a container of this test's account: /partition/account/name. */
    private String containerPath(String name) {
        return "/" + containerPartition(name) + "/" + account + "/" + name;
    }

    private static void createOnPrimaries(String container) {
        for (String device : PRIMARIES) {
            given().header("X-Timestamp", ts()).put("/" + device + container).then().statusCode(201);
        }
    }

    private String path(String device, String object) {
        return "/" + device + "/" + PARTITION + "/" + account + "/c/" + object;
    }

    private void put(String device, String object, byte[] body, String timestamp) {
        given().header("X-Timestamp", timestamp).header("Content-Type", "application/x-test").body(body)
                .put(path(device, object)).then().statusCode(201);
    }

    private static byte[] random(int size, int seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static JsonPath run(String job) {
        return given().post("/recon/run/" + job).then().statusCode(200).extract().jsonPath();
    }

    private static List<Path> dataFiles(String device) throws IOException {
        Path objects = DEVICES.resolve(device).resolve("objects");
        if (!Files.exists(objects)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(objects)) {
            return all.filter(p -> p.toString().endsWith(".data")).toList();
        }
    }

    private Path dataFolder(String device, String object) {
        String hex = HexFormat.of().formatHex(HASHER.hash(account, "c", object));
        return DEVICES.resolve(device).resolve("objects").resolve(Integer.toString(PARTITION)).resolve(hex.substring(29)).resolve(hex);
    }

    private Path dataFileOf(String device, String object) throws IOException {
        try (Stream<Path> files = Files.list(dataFolder(device, object))) {
            return files.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
        }
    }

    /** Overwrites bytes in the middle of the file: same length, wrong content. */
    private static void rot(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("bit rot".getBytes()), Files.size(file) / 2);
        }
    }

    @Test
    void aMissingObjectIsPushedToTheOtherPrimaries() {
        byte[] body = random(200_000, 1);
        String timestamp = ts();
        put("d1", "only-on-d1", body, timestamp);
        given().get(path("d2", "only-on-d2-not")).then().statusCode(404);

        JsonPath pass = run("replicator");
        assertTrue(pass.getLong("filesPushed") >= 2, "pushed to d2 and d3: " + pass.prettify());
        for (String device : PRIMARIES) {
            byte[] got = given().get(path(device, "only-on-d1")).then().statusCode(200)
                    .header("X-Timestamp", timestamp).header("Content-Type", "application/x-test").extract().asByteArray();
            assertArrayEquals(body, got, device);
        }
        // a second pass finds nothing to do for it
        assertEquals(0, run("replicator").getLong("filesPushed"));
    }

    @Test
    void aDeleteReachesAReplicaThatMissedItAndAnOlderCopyNeverReturns() {
        String object = "deleted";
        String written = ts();
        for (String device : PRIMARIES) {
            put(device, object, "v1".getBytes(), written);
        }
        String deleted = ts();
        given().header("X-Timestamp", deleted).delete(path("d1", object)).then().statusCode(204);
        // d3 "rejoins" holding the old version; d2 has it too
        run("replicator");
        for (String device : PRIMARIES) {
            given().get(path(device, object)).then().statusCode(404).header("X-Backend-Timestamp", deleted);
        }
        run("replicator");
        for (String device : PRIMARIES) {
            given().get(path(device, object)).then().statusCode(404);
        }
    }

    @Test
    void aTombstoneOlderThanTheReclaimAgeIsRemoved() throws Exception {
        String object = "long-deleted";
        long eightDaysAgo = System.currentTimeMillis() / 1000 - 8 * 86400;
        given().header("X-Timestamp", new Timestamp(eightDaysAgo * 100_000).internal()).delete(path("d1", object))
                .then().statusCode(404);
        Path folder = dataFolder("d1", object);
        assertTrue(Files.exists(folder));
        run("replicator");
        assertFalse(Files.exists(folder), "reclaimed");
    }

    /** What a crash leaves in a device's tmp folder goes once nothing has touched it for the reclaim age; newer files stay. */
    @Test
    void staleTempFilesAreRemovedByEitherReplicator() throws Exception {
        Path tmp = DEVICES.resolve("d2").resolve("tmp");
        Files.createDirectories(tmp);
        for (String job : List.of("replicator", "db-replicator")) {
            Path stale = Files.write(tmp.resolve("left-by-a-crash-" + UUID.randomUUID() + ".tmp"), new byte[100]);
            Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 8 * 86400_000L));
            Path fresh = Files.write(tmp.resolve("being-written-" + UUID.randomUUID() + ".tmp"), new byte[100]);
            Files.setLastModifiedTime(fresh, FileTime.fromMillis(System.currentTimeMillis() - 6 * 86400_000L));
            run(job);
            assertFalse(Files.exists(stale), job + " removes a temp file older than the reclaim age");
            assertTrue(Files.exists(fresh), job + " keeps one younger than the reclaim age");
            Files.delete(fresh);
        }
    }

    /** A peer that has a newer version answers 409 and still reads the body, or the sender's write would block for good. */
    @Test
    void aSyncOfAnOlderLargeVersionIsRefusedWithoutStallingTheSender() throws Exception {
        byte[] old = random(40_000_000, 12);
        String oldTimestamp = ts();
        put("d1", "contested", old, oldTimestamp);
        put("d2", "contested", "newer".getBytes(), ts());
        Path file = dataFileOf("d1", "contested");
        byte[] metadata = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(io.stratus.swift.storage.obj.diskfile.DiskFileManager.metadataOf(file));
        byte[] body = java.util.Arrays.copyOf(metadata, metadata.length + old.length);
        System.arraycopy(old, 0, body, metadata.length, old.length);
        String hash = file.getParent().getFileName().toString();
        // sent as the replicator sends: the whole body written before the answer is read
        java.util.concurrent.Future<Integer> status = java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> {
            io.stratus.swift.net.KeepAliveHttp.Connection connection = io.stratus.swift.net.KeepAliveHttp.open("127.0.0.1",
                    RestAssured.port, "SYNC", "/d2/" + PARTITION + "/" + hash + "/" + file.getFileName(),
                    java.util.Map.of(ObjectReplicator.METADATA_LENGTH, Integer.toString(metadata.length)), body.length,
                    java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(20));
            connection.write(body, 0, body.length);
            connection.finish();
            return connection.readAnswer().status();
        });
        assertEquals(409, status.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("newer", given().get(path("d2", "contested")).then().statusCode(200).extract().asString());
    }

    @Test
    void postedMetadataReachesTheOtherReplicas() {
        String object = "posted";
        String written = ts();
        for (String device : PRIMARIES) {
            put(device, object, "body".getBytes(), written);
        }
        given().header("X-Timestamp", ts()).header("X-Object-Meta-Color", "green").post(path("d2", object)).then().statusCode(202);
        run("replicator");
        for (String device : PRIMARIES) {
            given().get(path(device, object)).then().statusCode(200).header("X-Object-Meta-Color", "green");
        }
    }

    @Test
    void aPrimaryWhoseDeviceIsUnmountedGetsItsCopyOnAHandoffUntilItIsBack() throws Exception {
        byte[] body = random(5000, 21);
        put("d1", "stand-in", body, ts());
        Path device = DEVICES.resolve("d2");
        Path away = DEVICES.resolve("d2-unmounted");
        Files.move(device, away);
        try {
            run("replicator");
            for (String copy : List.of("d3", "d4")) {
                assertArrayEquals(body, given().get(path(copy, "stand-in")).then().statusCode(200).extract().asByteArray(), copy);
            }
            assertFalse(Files.exists(device), "the replicator wrote into the unmounted device's place");
        } finally {
            Files.move(away, device);
        }
        run("replicator"); // d4 is a handoff: it pushes the copy home, then removes its own
        assertArrayEquals(body, given().get(path("d2", "stand-in")).then().statusCode(200).extract().asByteArray());
        given().get(path("d4", "stand-in")).then().statusCode(404);
    }

    @Test
    void aFilePeersAnswerWithAnErrorDoesNotHoldBackTheRestOfThePartition() throws Exception {
        List<String> names = java.util.stream.IntStream.range(0, 8).mapToObj(i -> "held-" + i).toList();
        for (String name : names) {
            put("d1", name, name.getBytes(), ts());
        }
        // a file's name newer than the timestamp in its metadata: every peer answers 400 to it. Files go in the
        // order of their hashes, so this one goes first and the others after it.
        String first = names.stream().min(Comparator.comparing(n -> HexFormat.of().formatHex(HASHER.hash(account, "c", n))))
                .orElseThrow();
        Path renamed = dataFileOf("d1", first).resolveSibling(ts() + ".data");
        Files.move(dataFileOf("d1", first), renamed);
        try {
            JsonPath pass = run("replicator");
            assertTrue(pass.getInt("failures") >= 2, pass.prettify()); // to d2 and to d3
            for (String name : names) {
                if (!name.equals(first)) {
                    for (String device : List.of("d2", "d3")) {
                        assertEquals(name, given().get(path(device, name)).then().statusCode(200).extract().asString(), device);
                    }
                }
            }
        } finally {
            Files.delete(renamed);
        }
    }

    @Test
    void aHandoffPartitionGoesHomeAndIsRemoved() throws Exception {
        byte[] body = random(5000, 2);
        put("d4", "on-a-handoff", body, ts());
        run("replicator");
        for (String device : PRIMARIES) {
            assertArrayEquals(body, given().get(path(device, "on-a-handoff")).then().statusCode(200).extract().asByteArray());
        }
        given().get(path("d4", "on-a-handoff")).then().statusCode(404);
        assertTrue(dataFiles("d4").isEmpty(), "nothing is left on the handoff");
    }

    @Test
    void aDamagedSmallObjectIsNeverServedAndComesBackAfterReplication() throws Exception {
        byte[] body = random(10_000, 3);
        String timestamp = ts();
        for (String device : PRIMARIES) {
            put(device, "small", body, timestamp);
        }
        rot(dataFileOf("d1", "small"));
        // the replica refuses (the proxy then reads another one) and moves the damaged copy aside
        given().get(path("d1", "small")).then().statusCode(503).header("X-Backend-Quarantined", "true");
        given().get(path("d1", "small")).then().statusCode(404);
        assertTrue(given().get("/recon").then().statusCode(200).extract().jsonPath().getLong("quarantined.objects") >= 1);
        run("replicator");
        assertArrayEquals(body, given().get(path("d1", "small")).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aDamagedLargeObjectsReadIsCutBeforeItsEnd() throws Exception {
        byte[] body = random(1_000_000, 4);
        String timestamp = ts();
        for (String device : PRIMARIES) {
            put(device, "large", body, timestamp);
        }
        rot(dataFileOf("d2", "large"));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path("d2", "large"))).build();
        // the client never gets the whole body with status 200: the connection ends before Content-Length
        assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        given().get(path("d2", "large")).then().statusCode(404);
        run("replicator");
        assertArrayEquals(body, given().get(path("d2", "large")).then().statusCode(200).extract().asByteArray());
    }

    /** Written the proxy's way (with a CRC32C footer), reads check the stored CRC32C instead of the MD5. */
    @Test
    void rotInAnObjectWrittenWithAFooterIsCaughtByItsCrc() throws Exception {
        for (int size : new int[] {20_000, 500_000}) {
            byte[] body = random(size, 7);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(body);
            byte[] footer = io.stratus.swift.net.BodyFooter.encode(md5(body), (int) crc.getValue());
            byte[] sent = java.util.Arrays.copyOf(body, body.length + footer.length);
            System.arraycopy(footer, 0, sent, body.length, footer.length);
            String object = "footed-" + size;
            given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "md5-crc32c").body(sent).put(path("d1", object))
                    .then().statusCode(201);
            Path data = dataFileOf("d1", object);
            assertEquals(String.format("%08x", (int) crc.getValue()),
                    io.stratus.swift.storage.obj.diskfile.DiskFileManager.metadataOf(data).get("X-Backend-Crc32c"));
            assertArrayEquals(body, given().get(path("d1", object)).then().statusCode(200).extract().asByteArray());
            rot(data);
            if (size < 65536) {
                given().get(path("d1", object)).then().statusCode(503);
            } else {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path("d1", object))).build();
                assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()));
            }
            assertFalse(Files.exists(data), "quarantined");
        }
    }

    @Test
    void theAuditorQuarantinesRotAndReplicationRepairsIt() throws Exception {
        byte[] body = random(30_000, 5);
        String timestamp = ts();
        for (String device : PRIMARIES) {
            put(device, "audited", body, timestamp);
        }
        Path damaged = dataFileOf("d3", "audited");
        rot(damaged);
        JsonPath audit = run("auditor");
        assertTrue(audit.getLong("quarantined") >= 1, audit.prettify());
        assertFalse(Files.exists(damaged));
        run("replicator");
        Path repaired = dataFileOf("d3", "audited");
        assertArrayEquals(body, Files.readAllBytes(repaired));
        assertEquals(md5(body), HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(repaired))));
    }

    @Test
    void aWipedDeviceIsRefilledByItsPeers() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bodies.add(random(1000 + i, 100 + i));
            String timestamp = ts();
            for (String device : PRIMARIES) {
                put(device, "wiped-" + i, bodies.get(i), timestamp);
            }
        }
        try (Stream<Path> all = Files.walk(DEVICES.resolve("d2"))) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(DEVICES.resolve("d2"))).forEach(p -> p.toFile().delete());
        }
        assertTrue(dataFiles("d2").isEmpty());
        run("replicator");
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(bodies.get(i), given().get(path("d2", "wiped-" + i)).then().statusCode(200).extract().asByteArray());
        }
    }

    @Test
    void anExpiredObjectIsDeletedAndLeavesTheListing() throws Exception {
        String self = "127.0.0.1:" + RestAssured.port;
        // where the container ring puts the container: the expirer finds its replicas there
        String container = containerPath("c");
        createOnPrimaries(container);
        long deleteAt = System.currentTimeMillis() / 1000 + 2;
        String timestamp = ts();
        for (int i = 0; i < 3; i++) {
            given().header("X-Timestamp", timestamp).header("Content-Type", "text/plain").header("X-Delete-At", Long.toString(deleteAt))
                    .header("X-Container-Host", self).header("X-Container-Partition", Integer.toString(containerPartition("c")))
                    .header("X-Container-Device", PRIMARIES.get(i)).body("soon gone".getBytes())
                    .put(path(PRIMARIES.get(i), "expiring")).then().statusCode(201);
        }
        given().get("/d1" + container).then().statusCode(200).body(org.hamcrest.Matchers.containsString("expiring"));
        run("expirer");
        given().get(path("d1", "expiring")).then().statusCode(200); // not yet due
        Thread.sleep((deleteAt + 1) * 1000 - System.currentTimeMillis());
        assertTrue(run("expirer").getLong("expired") >= 3, "one tombstone per replica");
        for (String device : PRIMARIES) {
            given().get(path(device, "expiring")).then().statusCode(404)
                    .header("X-Backend-Timestamp", new Timestamp(Timestamp.parse(timestamp).hundredMicros() + 1).internal());
            String listing = given().get("/" + device + container).then().extract().asString();
            assertFalse(listing.contains("expiring"), device + " still lists it: " + listing);
        }
    }

    @Test
    void anExpiryDoesNotDeleteANewerVersionTheExpiringReplicaMissed() throws Exception {
        long deleteAt = System.currentTimeMillis() / 1000 + 1;
        given().header("X-Timestamp", ts()).header("X-Delete-At", Long.toString(deleteAt)).body("old".getBytes())
                .put(path("d1", "overwritten")).then().statusCode(201);
        // d2 and d3 took a newer version without an expiry; d1 missed it
        String newer = ts();
        for (String device : List.of("d2", "d3")) {
            put(device, "overwritten", "new".getBytes(), newer);
        }
        Thread.sleep((deleteAt + 1) * 1000 - System.currentTimeMillis());
        run("expirer");
        run("replicator");
        for (String device : PRIMARIES) {
            assertEquals("new", given().get(path(device, "overwritten")).then().statusCode(200).extract().asString(), device);
        }
    }

    @Test
    void aQuarantineTakesOnlyTheDamagedFile() throws Exception {
        put("d1", "requarantined", random(20_000, 9), ts());
        Path damaged = dataFileOf("d1", "requarantined");
        rot(damaged);
        String deleted = ts();
        given().header("X-Timestamp", deleted).delete(path("d1", "requarantined")).then().statusCode(204);
        // the auditor looked at the .data before the delete came: quarantining it must not take the tombstone along
        io.stratus.swift.storage.obj.diskfile.DiskFile file = io.quarkus.arc.Arc.container()
                .instance(io.stratus.swift.storage.obj.diskfile.DiskFileManager.class).get()
                .get("d1", PARTITION, account, "c", "requarantined");
        file.quarantine(damaged);
        given().get(path("d1", "requarantined")).then().statusCode(404).header("X-Backend-Timestamp", deleted);
    }

    private void objectRow(String device, String container, String object, long size) {
        given().header("X-Backend-Server-Type", "container").header("X-Timestamp", ts()).header("X-Size", Long.toString(size))
                .header("X-Content-Type", "text/plain").header("X-Etag", "d41d8cd98f00b204e9800998ecf8427e")
                .put("/" + device + container + "/" + object).then().statusCode(201);
    }

    private static List<String> listing(String device, String container) {
        return List.of(given().get("/" + device + container).then().statusCode(200).extract().asString().split("\n"));
    }

    @Test
    void containerDatabasesReachPeersWholeThenByRows() {
        String container = containerPath("db");
        given().header("X-Timestamp", ts()).header("X-Container-Meta-Owner", "alice").put("/d1" + container).then().statusCode(201);
        objectRow("d1", container, "first", 10);
        given().get("/d2" + container).then().statusCode(404);

        JsonPath pass = run("db-replicator");
        assertTrue(pass.getInt("wholeDatabasesSent") >= 2, pass.prettify());
        for (String device : PRIMARIES) {
            assertEquals(List.of("first"), listing(device, container), device);
            given().head("/" + device + container).then().statusCode(204).header("X-Container-Meta-Owner", "alice")
                    .header("X-Container-Object-Count", "1");
        }
        // a row written on one replica only reaches the others as a row, and a delete as one too
        objectRow("d2", container, "second", 20);
        given().header("X-Backend-Server-Type", "container").header("X-Timestamp", ts()).delete("/d3" + container + "/first")
                .then().statusCode(204);
        pass = run("db-replicator");
        assertTrue(pass.getLong("rowsSent") >= 2, pass.prettify());
        for (String device : PRIMARIES) {
            assertEquals(List.of("second"), listing(device, container), device);
            given().head("/" + device + container).then().header("X-Container-Object-Count", "1").header("X-Container-Bytes-Used", "20");
        }
    }

    @Test
    void containerMetadataConvergesOnTheNewestValueOfEachKey() throws Exception {
        String container = containerPath("meta");
        String created = ts();
        for (String device : PRIMARIES) {
            given().header("X-Timestamp", created).header("X-Container-Meta-Color", "red").header("X-Container-Meta-Gone", "soon")
                    .put("/" + device + container).then().statusCode(201);
        }
        String older = ts();
        String newer = ts();
        String newest = ts();
        // each replica saw a different POST; a POST that arrives late with an older time changes nothing
        given().header("X-Timestamp", newer).header("X-Container-Meta-Color", "blue").post("/d1" + container).then().statusCode(204);
        given().header("X-Timestamp", older).header("X-Container-Meta-Color", "green").header("X-Container-Meta-Size", "big")
                .post("/d2" + container).then().statusCode(204);
        given().header("X-Timestamp", newest).header("X-Container-Meta-Gone", "").post("/d3" + container).then().statusCode(204);
        given().header("X-Timestamp", older).header("X-Container-Meta-Color", "late").post("/d1" + container).then().statusCode(204);
        given().head("/d1" + container).then().header("X-Container-Meta-Color", "blue");

        run("db-replicator");
        for (String device : PRIMARIES) {
            given().head("/" + device + container).then().statusCode(204).header("X-Container-Meta-Color", "blue")
                    .header("X-Container-Meta-Size", "big").header("X-Container-Meta-Gone", org.hamcrest.Matchers.nullValue());
        }

        // a database written before values carried times: its plain values read as set at time zero
        String hash = HexFormat.of().formatHex(HASHER.hash(account, "meta", null));
        Path file = DEVICES.resolve("d2/containers/" + containerPartition("meta") + "/" + hash.substring(29) + "/" + hash + "/" + hash + ".db");
        io.stratus.swift.storage.db.DatabaseReplication.broker("containers", file).closeConnection();
        try (java.sql.Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, new java.util.Properties());
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE stat SET metadata = '{\"x-container-meta-color\": \"plain\", \"x-container-meta-old\": \"kept\"}'");
        }
        given().head("/d2" + container).then().header("X-Container-Meta-Color", "plain").header("X-Container-Meta-Old", "kept");
        run("db-replicator");
        given().head("/d2" + container).then().header("X-Container-Meta-Color", "blue").header("X-Container-Meta-Old", "kept");
        given().head("/d1" + container).then().header("X-Container-Meta-Color", "blue").header("X-Container-Meta-Old", "kept");
    }

    @Test
    void metadataSetBeforeADeleteDoesNotComeBackFromAReplicaThatMissedTheDelete() {
        String container = containerPath("reborn");
        createOnPrimaries(container);
        given().header("X-Timestamp", ts()).header("X-Container-Meta-Foo", "bar").post("/d2" + container).then().statusCode(204);
        String deleted = ts();
        for (String device : List.of("d1", "d3")) { // d2 misses the delete
            given().header("X-Timestamp", deleted).delete("/" + device + container).then().statusCode(204);
        }
        run("db-replicator");
        String recreated = ts();
        for (String device : PRIMARIES) {
            given().header("X-Timestamp", recreated).put("/" + device + container).then().statusCode(201);
        }
        run("db-replicator");
        for (String device : PRIMARIES) {
            given().head("/" + device + container).then().statusCode(204)
                    .header("X-Container-Meta-Foo", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void aDamagedContainerDatabaseIsQuarantinedAndCopiedBackFromAPeer() throws Exception {
        String container = containerPath("rotten");
        createOnPrimaries(container);
        for (int i = 0; i < 300; i++) { // a few pages, so that the damage lands in one of them
            objectRow("d1", container, "row-" + i, i);
        }
        run("db-replicator");
        String hash = HexFormat.of().formatHex(HASHER.hash(account, "rotten", null));
        Path file = DEVICES.resolve("d3/containers/" + containerPartition("rotten") + "/" + hash.substring(29) + "/" + hash + "/" + hash + ".db");
        io.quarkus.arc.Arc.container().instance(io.stratus.swift.storage.db.DatabaseReplication.class).get();
        io.stratus.swift.storage.db.DatabaseReplication.broker("containers", file).closeConnection();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[4096];
            new Random(11).nextBytes(garbage);
            channel.write(ByteBuffer.wrap(garbage), 4096); // page 2 of the b-trees
        }
        JsonPath audit = run("db-auditor");
        assertTrue(audit.getLong("quarantined") >= 1, audit.prettify());
        assertFalse(Files.exists(file));
        run("db-replicator");
        assertEquals(300, listing("d3", container).size());
    }

    @Test
    void aContainerWhosePrimaryDeviceIsUnmountedWaitsOnAHandoff() throws Exception {
        String container = containerPath("waiting");
        given().header("X-Timestamp", ts()).put("/d1" + container).then().statusCode(201);
        objectRow("d1", container, "row", 7);
        Path device = DEVICES.resolve("d3");
        Path away = DEVICES.resolve("d3-unmounted");
        Files.move(device, away);
        try {
            run("db-replicator");
            assertEquals(List.of("row"), listing("d4", container));
            assertFalse(Files.exists(device), "the replicator wrote into the unmounted device's place");
        } finally {
            Files.move(away, device);
        }
        run("db-replicator");
        assertEquals(List.of("row"), listing("d3", container));
        given().get("/d4" + container).then().statusCode(404);
    }

    @Test
    void aQueuedUpdateNamingADeviceTheRingNoLongerHasGoesToTheContainersPrimaries() {
        String container = containerPath("moved");
        createOnPrimaries(container);
        // the proxy named a container replica on a device since removed from the ring: the update is queued
        given().header("X-Timestamp", ts()).header("Content-Type", "text/plain").header("X-Container-Host", "127.0.0.1:1")
                .header("X-Container-Partition", Integer.toString(containerPartition("moved"))).header("X-Container-Device", "removed")
                .body("queued".getBytes()).put("/d1/" + PARTITION + "/" + account + "/moved/queued").then().statusCode(201);
        for (String device : PRIMARIES) {
            given().head("/" + device + container).then().statusCode(204).header("X-Container-Object-Count", "0");
        }
        run("updater");
        for (String device : PRIMARIES) {
            assertEquals(List.of("queued"), listing(device, container), device);
        }
    }

    @Test
    void aContainerOnAHandoffGoesHome() {
        String container = containerPath("stray");
        given().header("X-Timestamp", ts()).put("/d4" + container).then().statusCode(201);
        objectRow("d4", container, "kept", 5);
        run("db-replicator");
        for (String device : PRIMARIES) {
            assertEquals(List.of("kept"), listing(device, container), device);
        }
        given().get("/d4" + container).then().statusCode(404);
    }

    private static String md5(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    }
}
