package io.stratus.swift.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.stratus.swift.net.Timestamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Container and account databases through the node's API, with the updates that flow object → container → account. */
@QuarkusTest
class ContainerAccountServerTest {

    private static final AtomicLong CLOCK = new AtomicLong(1_710_000_000L);
    private String account;
    private String self;

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.config = RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        Files.createDirectories(Path.of("target/test-devices/sda"));
        account = "AUTH_" + UUID.randomUUID().toString().substring(0, 8);
        self = "127.0.0.1:" + RestAssured.port;
    }

    private static String ts() {
        return new Timestamp(CLOCK.incrementAndGet() * 100_000).internal();
    }

    private void createContainer(String container) {
        given().header("X-Timestamp", ts()).put("/sda/1/" + account).then().statusCode(201);
        given().header("X-Timestamp", ts()).header("X-Account-Host", self).header("X-Account-Partition", "1")
                .header("X-Account-Device", "sda").header("X-Container-Meta-Owner", "alice")
                .put("/sda/2/" + account + "/" + container).then().statusCode(201);
    }

    private void putObject(String container, String name, String body) {
        given().header("X-Timestamp", ts()).header("Content-Type", "text/plain").header("X-Container-Host", self)
                .header("X-Container-Partition", "2").header("X-Container-Device", "sda").body(body.getBytes())
                .put("/sda/3/" + account + "/" + container + "/" + name).then().statusCode(201);
    }

    @Test
    void objectWritesShowUpInTheContainerListingAndTheAccountCounters() {
        createContainer("docs");
        putObject("docs", "a.txt", "hello");
        putObject("docs", "b/c.txt", "world!");
        given().queryParam("format", "json").get("/sda/2/" + account + "/docs").then().statusCode(200)
                .header("X-Container-Object-Count", "2").header("X-Container-Bytes-Used", "11")
                .header("X-Container-Meta-Owner", "alice")
                .body("name", equalTo(List.of("a.txt", "b/c.txt"))).body("[0].bytes", equalTo(5))
                .body("[0].content_type", equalTo("text/plain")).body("[0].hash", equalTo("5d41402abc4b2a76b9719d911017c592"));
        given().head("/sda/1/" + account).then().statusCode(204).header("X-Account-Container-Count", "1")
                .header("X-Account-Object-Count", "2").header("X-Account-Bytes-Used", "11");
        given().queryParam("format", "json").get("/sda/1/" + account).then().statusCode(200)
                .body("name", equalTo(List.of("docs"))).body("[0].count", equalTo(2)).body("[0].bytes", equalTo(11));

        given().header("X-Timestamp", ts()).header("X-Container-Host", self).header("X-Container-Partition", "2")
                .header("X-Container-Device", "sda").delete("/sda/3/" + account + "/docs/a.txt").then().statusCode(204);
        given().get("/sda/2/" + account + "/docs").then().statusCode(200).body(equalTo("b/c.txt\n"));
        given().head("/sda/1/" + account).then().header("X-Account-Object-Count", "1").header("X-Account-Bytes-Used", "6");
    }

    @Test
    void listingsHonourPrefixDelimiterMarkersLimitAndReverse() {
        createContainer("tree");
        for (String name : List.of("a", "b/1", "b/2", "b/3", "c/1", "d")) {
            given().header("X-Backend-Server-Type", "container").header("X-Timestamp", ts()).header("X-Size", "1")
                    .header("X-Content-Type", "text/plain").header("X-Etag", "x").put("/sda/2/" + account + "/tree/" + name)
                    .then().statusCode(201);
        }
        String path = "/sda/2/" + account + "/tree";
        given().queryParam("delimiter", "/").get(path).then().body(equalTo("a\nb/\nc/\nd\n"));
        given().queryParam("prefix", "b/").get(path).then().body(equalTo("b/1\nb/2\nb/3\n"));
        given().queryParam("marker", "b/1").queryParam("end_marker", "c/1").get(path).then().body(equalTo("b/2\nb/3\n"));
        given().queryParam("limit", "2").get(path).then().body(equalTo("a\nb/1\n"));
        given().queryParam("reverse", "true").queryParam("limit", "3").get(path).then().body(equalTo("d\nc/1\nb/3\n"));
        given().queryParam("delimiter", "/").queryParam("marker", "b/").get(path).then().body(equalTo("c/\nd\n"));
        given().queryParam("format", "json").queryParam("delimiter", "/").get(path).then().body("[1].subdir", equalTo("b/"));
        given().queryParam("format", "xml").queryParam("prefix", "d").get(path).then()
                .body(containsString("<container name=\"tree\"><object><name>d</name>"));
        given().queryParam("limit", "10001").get(path).then().statusCode(400);
        given().queryParam("prefix", "zzz").get(path).then().statusCode(204);
    }

    @Test
    void nonEmptyContainerCannotBeDeleted() {
        createContainer("full");
        putObject("full", "x", "1");
        given().header("X-Timestamp", ts()).delete("/sda/2/" + account + "/full").then().statusCode(409);
        given().header("X-Timestamp", ts()).header("X-Container-Host", self).header("X-Container-Partition", "2")
                .header("X-Container-Device", "sda").delete("/sda/3/" + account + "/full/x").then().statusCode(204);
        given().header("X-Timestamp", ts()).delete("/sda/2/" + account + "/full").then().statusCode(204);
        given().head("/sda/2/" + account + "/full").then().statusCode(404);
        given().head("/sda/1/" + account).then().header("X-Account-Container-Count", "0");
        // re-created later: a fresh, empty container
        given().header("X-Timestamp", ts()).put("/sda/2/" + account + "/full").then().statusCode(201);
        given().head("/sda/2/" + account + "/full").then().statusCode(204).header("X-Container-Object-Count", "0");
    }

    @Test
    void staleObjectUpdatesDoNotWin() {
        createContainer("race");
        String older = ts();
        String newer = ts();
        String path = "/sda/2/" + account + "/race/o";
        given().header("X-Backend-Server-Type", "container").header("X-Timestamp", newer).header("X-Size", "7").header("X-Etag", "n")
                .header("X-Content-Type", "a/b").put(path).then().statusCode(201);
        given().header("X-Backend-Server-Type", "container").header("X-Timestamp", older).delete(path).then().statusCode(204);
        given().queryParam("format", "json").get("/sda/2/" + account + "/race").then().body("[0].bytes", equalTo(7));
    }

    @Test
    void metadataAndMissingThings() {
        createContainer("meta");
        given().header("X-Timestamp", ts()).header("X-Container-Meta-Color", "blue").post("/sda/2/" + account + "/meta")
                .then().statusCode(204);
        given().head("/sda/2/" + account + "/meta").then().header("X-Container-Meta-Color", "blue").header("X-Container-Meta-Owner", "alice");
        given().header("X-Timestamp", ts()).header("X-Container-Meta-Color", "").post("/sda/2/" + account + "/meta").then().statusCode(204);
        assertEquals(null, given().head("/sda/2/" + account + "/meta").header("X-Container-Meta-Color"));
        given().header("X-Timestamp", ts()).header("X-Account-Meta-Quota", "10").post("/sda/1/" + account).then().statusCode(204);
        given().head("/sda/1/" + account).then().header("X-Account-Meta-Quota", "10");
        given().head("/sda/2/" + account + "/nothing").then().statusCode(404);
        given().head("/sda/1/AUTH_nobody").then().statusCode(404);
        given().put("/sda/2/" + account + "/nots").then().statusCode(400);
        // an object update for a container that does not exist: 404, so the object server queues it
        given().header("X-Backend-Server-Type", "container").header("X-Timestamp", ts()).put("/sda/2/" + account + "/nothing/o")
                .then().statusCode(404);
    }

    @Test
    void concurrentObjectUpdatesToOneContainerAreAllKept() throws Exception {
        createContainer("busy");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = String.format("o%03d", i);
            String timestamp = ts();
            // each object reported twice, as two object replicas do
            for (int copy = 0; copy < 2; copy++) {
                results.add(pool.submit(() -> given().header("X-Backend-Server-Type", "container").header("X-Timestamp", timestamp)
                        .header("X-Size", "3").header("X-Content-Type", "a/b").header("X-Etag", "e")
                        .put("/sda/2/" + account + "/busy/" + name).statusCode()));
            }
        }
        for (var result : results) {
            assertEquals(201, result.get());
        }
        pool.shutdown();
        given().head("/sda/2/" + account + "/busy").then().header("X-Container-Object-Count", "200")
                .header("X-Container-Bytes-Used", "600");
    }
}
