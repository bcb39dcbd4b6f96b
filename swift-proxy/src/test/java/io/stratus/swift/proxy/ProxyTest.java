package io.stratus.swift.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Swift API through the proxy, against three real storage nodes. */
@QuarkusTest
@QuarkusTestResource(value = StorageCluster.class, restrictToAnnotatedClass = false)
class ProxyTest {

    private String project;
    private String account;
    private String token;

    @BeforeEach
    void setUp() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        project = UUID.randomUUID().toString().replace("-", "");
        account = "AUTH_" + project;
        token = TestTokens.token(project, "member");
    }

    private RequestSpecification as(String authToken) {
        return given().header("X-Auth-Token", authToken);
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void infoIsPublicAndTokensAreRequired() {
        given().get("/info").then().statusCode(200).body("swift.max_object_name_length", equalTo(1024));
        given().head("/v1/" + account).then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Keystone uri="));
        as("garbage").head("/v1/" + account).then().statusCode(401);
    }

    @Test
    void anotherProjectGets403() {
        as(token).put("/v1/" + account + "/private").then().statusCode(201);
        String stranger = TestTokens.token("other-project", "member");
        as(stranger).head("/v1/" + account).then().statusCode(403);
        as(stranger).get("/v1/" + account + "/private").then().statusCode(403);
        as(stranger).body("x".getBytes()).put("/v1/" + account + "/private/o").then().statusCode(403);
        String reader = TestTokens.token(project, "reader");
        as(reader).get("/v1/" + account + "/private").then().statusCode(204);
        as(reader).body("x".getBytes()).put("/v1/" + account + "/private/o").then().statusCode(403);
    }

    @Test
    void objectRoundTripWithListingsAndCounters() throws Exception {
        byte[] body = new byte[1_000_000];
        new Random(7).nextBytes(body);
        as(token).header("X-Container-Meta-Team", "blue").put("/v1/" + account + "/photos").then().statusCode(201);
        as(token).header("Content-Type", "image/jpeg").header("X-Object-Meta-Color", "red").body(body)
                .put("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(201).header("ETag", md5(body))
                .header("X-Trans-Id", org.hamcrest.Matchers.startsWith("tx"));
        byte[] got = as(token).get("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(200)
                .header("X-Object-Meta-Color", "red").header("Content-Type", "image/jpeg").extract().asByteArray();
        assertArrayEquals(body, got);
        as(token).queryParam("format", "json").get("/v1/" + account + "/photos").then().statusCode(200)
                .body("name", equalTo(List.of("2026/cat.jpg"))).body("[0].bytes", equalTo(1_000_000))
                .header("X-Container-Meta-Team", "blue");
        as(token).queryParam("delimiter", "/").get("/v1/" + account + "/photos").then().body(equalTo("2026/\n"));
        as(token).head("/v1/" + account).then().statusCode(204).header("X-Account-Object-Count", "1")
                .header("X-Account-Bytes-Used", "1000000").header("X-Account-Container-Count", "1");
        as(token).header("Range", "bytes=10-19").get("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(206);
        as(token).header("If-None-Match", md5(body)).get("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(304);
        as(token).header("If-Match", "nope").get("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(412);
        as(token).delete("/v1/" + account + "/photos").then().statusCode(409);
        as(token).delete("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(204);
        as(token).get("/v1/" + account + "/photos/2026/cat.jpg").then().statusCode(404);
        as(token).delete("/v1/" + account + "/photos").then().statusCode(204);
        as(token).get("/v1/" + account).then().statusCode(204);
    }

    @Test
    void badInputGetsSwiftsAnswers() throws Exception {
        as(token).put("/v1/" + account + "/c").then().statusCode(201);
        as(token).header("ETag", md5("other".getBytes())).body("data".getBytes()).put("/v1/" + account + "/c/o").then().statusCode(422);
        as(token).get("/v1/" + account + "/c/o").then().statusCode(404);
        as(token).header("X-Delete-At", "soon").body("x".getBytes()).put("/v1/" + account + "/c/o").then().statusCode(400);
        as(token).body("x".getBytes()).put("/v1/" + account + "/c/" + "n".repeat(1025)).then().statusCode(400);
        as(token).body("x".getBytes()).put("/v1/" + account + "/nocontainer/o").then().statusCode(404);
        as(token).body("0123".getBytes()).put("/v1/" + account + "/c/r").then().statusCode(201);
        as(token).header("Range", "bytes=10-20").get("/v1/" + account + "/c/r").then().statusCode(416);
        as(token).queryParam("format", "json").get("/v1/" + account + "/c").then().body("name", equalTo(List.of("r")));
        // bytes that are not UTF-8, and NUL, anywhere in the path: 412 as Swift; U+FFFD itself is a fine character
        as(token).urlEncodingEnabled(false).body("x".getBytes()).put("/v1/" + account + "/c/bad%FFname").then().statusCode(412);
        as(token).urlEncodingEnabled(false).body("x".getBytes()).put("/v1/" + account + "/c/nul%00name").then().statusCode(412);
        as(token).urlEncodingEnabled(false).put("/v1/" + account + "/bad%C3").then().statusCode(412);
        as(token).urlEncodingEnabled(false).body("x".getBytes()).put("/v1/" + account + "/c/ok%EF%BF%BDname").then().statusCode(201);
        as(token).queryParam("format", "json").get("/v1/" + account + "/c").then().body("name", equalTo(List.of("ok\uFFFDname", "r")));
    }

    @Test
    void multiRangeAndNewestReads() {
        as(token).put("/v1/" + account + "/mr").then().statusCode(201);
        as(token).contentType("text/plain").body("0123456789".getBytes()).put("/v1/" + account + "/mr/o").then().statusCode(201);
        io.restassured.response.Response multi = as(token).header("Range", "bytes=0-0,9-9").get("/v1/" + account + "/mr/o");
        multi.then().statusCode(206);
        String type = multi.header("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges;boundary="), type);
        String body = multi.asString();
        assertTrue(body.contains("Content-Range: bytes 0-0/10\r\n\r\n0\r\n") && body.contains("Content-Range: bytes 9-9/10\r\n\r\n9\r\n"),
                body);
        as(token).header("X-Newest", "true").get("/v1/" + account + "/mr/o").then().statusCode(200).body(equalTo("0123456789"));
        as(token).header("X-Newest", "true").head("/v1/" + account + "/mr").then().statusCode(204)
                .header("X-Container-Object-Count", "1");
        as(token).header("X-Newest", "true").get("/v1/" + account + "/mr/missing").then().statusCode(404);
    }

    @Test
    void largeObjectsAnswerConditionsAndRangesAsOneObject() throws Exception {
        as(token).put("/v1/" + account + "/lo").then().statusCode(201);
        as(token).body("01234".getBytes()).put("/v1/" + account + "/lo/s/1").then().statusCode(201);
        as(token).body("56789".getBytes()).put("/v1/" + account + "/lo/s/2").then().statusCode(201);
        as(token).header("X-Object-Manifest", "lo/s/").body(new byte[0]).put("/v1/" + account + "/lo/dlo").then().statusCode(201);
        String manifest = "[{\"path\":\"/lo/s/1\",\"etag\":\"" + md5("01234".getBytes()) + "\",\"size_bytes\":5},"
                + "{\"path\":\"/lo/s/2\",\"etag\":\"" + md5("56789".getBytes()) + "\",\"size_bytes\":5}]";
        as(token).queryParam("multipart-manifest", "put").body(manifest.getBytes()).put("/v1/" + account + "/lo/slo").then().statusCode(201);
        String etag = md5((md5("01234".getBytes()) + md5("56789".getBytes())).getBytes());
        for (String large : List.of("dlo", "slo")) {
            String path = "/v1/" + account + "/lo/" + large;
            as(token).get(path).then().statusCode(200).header("ETag", "\"" + etag + "\"").body(equalTo("0123456789"));
            as(token).header("If-None-Match", "\"" + etag + "\"").get(path).then().statusCode(304);
            as(token).header("If-Match", "nope").get(path).then().statusCode(412);
            as(token).header("If-Match", etag).get(path).then().statusCode(200).body(equalTo("0123456789"));
            as(token).header("Range", "bytes=3-6").get(path).then().statusCode(206).header("Content-Range", "bytes 3-6/10").body(equalTo("3456"));
            as(token).header("Range", "bytes=20-30").get(path).then().statusCode(416).header("Content-Range", "bytes */10");
            io.restassured.response.Response multi = as(token).header("Range", "bytes=0-1,4-5,-1").get(path);
            multi.then().statusCode(206);
            assertTrue(multi.header("Content-Type").startsWith("multipart/byteranges;boundary="), large);
            String body = multi.asString();
            assertEquals(Long.parseLong(multi.header("Content-Length")), multi.asByteArray().length, large);
            assertTrue(body.contains("Content-Range: bytes 0-1/10\r\n\r\n01\r\n") && body.contains("Content-Range: bytes 4-5/10\r\n\r\n45\r\n")
                    && body.contains("Content-Range: bytes 9-9/10\r\n\r\n9\r\n"), large + ": " + body);
        }
    }

    @Test
    void writesSurviveALostNodeAndReadsFailOver() throws Exception {
        as(token).put("/v1/" + account + "/ha").then().statusCode(201);
        StorageCluster.killNode(2);
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "obj-" + i;
                as(token).body(("payload " + i).getBytes()).put("/v1/" + account + "/ha/" + name).then().statusCode(201);
                names.add(name);
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("payload " + i, as(token).get("/v1/" + account + "/ha/obj-" + i).then().statusCode(200).extract().asString());
            }
            as(token).queryParam("format", "json").get("/v1/" + account + "/ha").then().statusCode(200).body("name", hasItem("obj-9"));
        } finally {
            StorageCluster.startNode(2);
        }
        for (int i = 0; i < 10; i++) {
            as(token).get("/v1/" + account + "/ha/obj-" + i).then().statusCode(200);
        }
    }

    @Test
    void aReplicaWhoseDeviceIsMissingGoesToAHandoff() throws Exception {
        java.nio.file.Path device = StorageCluster.root.resolve("node0/d0");
        java.nio.file.Path away = StorageCluster.root.resolve("node0/d0-unmounted");
        java.nio.file.Files.move(device, away);
        io.stratus.swift.ring.PathHasher hasher = new io.stratus.swift.ring.PathHasher(StorageCluster.PREFIX, StorageCluster.SUFFIX);
        try {
            // the account (created with its first container) and the container databases too
            as(token).put("/v1/" + account + "/refused").then().statusCode(201);
            int accountPartition = io.stratus.swift.ring.PathHasher.partition(hasher.hash(account, null, null), StorageCluster.PART_POWER);
            int containerPartition = io.stratus.swift.ring.PathHasher.partition(hasher.hash(account, "refused", null),
                    StorageCluster.PART_POWER);
            given().port(StorageCluster.PORTS.get(0)).head("/" + StorageCluster.HANDOFF_DEVICE + "/" + accountPartition + "/" + account)
                    .then().statusCode(204);
            given().port(StorageCluster.PORTS.get(0))
                    .head("/" + StorageCluster.HANDOFF_DEVICE + "/" + containerPartition + "/" + account + "/refused").then().statusCode(204);
            for (int i = 0; i < 5; i++) {
                String name = "obj-" + i;
                byte[] body = ("refused by d0 " + i).getBytes();
                if (i % 2 == 1) { // larger than the proxy holds: streamed, after each node said 100 Continue
                    body = new byte[300 * 1024 + i];
                    new Random(i).nextBytes(body);
                }
                as(token).body(body).put("/v1/" + account + "/refused/" + name).then().statusCode(201);
                int partition = io.stratus.swift.ring.PathHasher.partition(hasher.hash(account, "refused", name), StorageCluster.PART_POWER);
                // three replicas: d1, d2 and the handoff in place of d0, whose folder was not made again
                for (String[] copy : new String[][] {{"1", "d1"}, {"2", "d2"}, {"0", StorageCluster.HANDOFF_DEVICE}}) {
                    byte[] stored = given().port(StorageCluster.PORTS.get(Integer.parseInt(copy[0])))
                            .get("/" + copy[1] + "/" + partition + "/" + account + "/refused/" + name)
                            .then().statusCode(200).extract().asByteArray();
                    assertArrayEquals(body, stored, copy[1]);
                }
                assertTrue(!java.nio.file.Files.exists(device), "d0 was written into the root file system");
            }
        } finally {
            java.nio.file.Files.move(away, device);
        }
    }

    @Test
    void everyAcknowledgedPutSurvivesANodeKilledDuringTheLoad() throws Exception {
        as(token).put("/v1/" + account + "/load").then().statusCode(201);
        java.util.Map<String, String> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    String name = "w" + writer + "-" + i;
                    String payload = name + "-" + UUID.randomUUID();
                    int status = as(token).body(payload.getBytes()).put("/v1/" + account + "/load/" + name).statusCode();
                    if (status == 201) {
                        acknowledged.put(name, payload);
                    } else {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(300);
        StorageCluster.killNode(1);
        try {
            for (var future : running) {
                future.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
            StorageCluster.startNode(1);
        }
        assertEquals(120, acknowledged.size() + failures.get());
        org.junit.jupiter.api.Assertions.assertTrue(acknowledged.size() >= 100, "only " + acknowledged.size() + " PUTs acknowledged");
        for (var entry : acknowledged.entrySet()) {
            assertEquals(entry.getValue(), as(token).get("/v1/" + account + "/load/" + entry.getKey()).then().statusCode(200)
                    .extract().asString(), entry.getKey());
        }
    }

    @Test
    void serverSideCopyAndMetadataLimits() {
        as(token).put("/v1/" + account + "/src").then().statusCode(201);
        as(token).put("/v1/" + account + "/dst").then().statusCode(201);
        as(token).header("X-Object-Meta-Origin", "here").header("Content-Type", "text/plain").body("copy me".getBytes())
                .put("/v1/" + account + "/src/a").then().statusCode(201);
        as(token).header("X-Copy-From", "src/a").put("/v1/" + account + "/dst/b")
                .then().statusCode(201).header("X-Copied-From", "src/a");
        as(token).get("/v1/" + account + "/dst/b").then().statusCode(200).body(equalTo("copy me"))
                .header("X-Object-Meta-Origin", "here");
        as(token).header("Destination", "dst/c").header("X-Object-Meta-Extra", "yes").request("COPY", "/v1/" + account + "/src/a")
                .then().statusCode(201);
        as(token).head("/v1/" + account + "/dst/c").then().statusCode(200).header("X-Object-Meta-Origin", "here")
                .header("X-Object-Meta-Extra", "yes");
        as(token).header("X-Copy-From", "src/missing").put("/v1/" + account + "/dst/d").then().statusCode(404);
        as(token).header("X-Copy-From", "nonsense").put("/v1/" + account + "/dst/d").then().statusCode(412);

        as(token).header("X-Object-Meta-" + "n".repeat(129), "v").body("x".getBytes()).put("/v1/" + account + "/src/m")
                .then().statusCode(400);
        as(token).header("X-Object-Meta-Big", "v".repeat(257)).body("x".getBytes()).put("/v1/" + account + "/src/m").then().statusCode(400);
        RequestSpecification many = as(token);
        for (int i = 0; i < 91; i++) {
            many = many.header("X-Container-Meta-K" + i, "v");
        }
        many.post("/v1/" + account + "/src").then().statusCode(400);
        as(token).get("/v1/" + account + "/src/m").then().statusCode(404);
    }
}
