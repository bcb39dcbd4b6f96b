package io.stratus.swift.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stratus.swift.net.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The object server through its internal HTTP API, and what it leaves on disk. */
@QuarkusTest
class ObjectServerTest {

    private static final Path DEVICES = Path.of("target/test-devices");
    private String object;
    private static final java.util.concurrent.atomic.AtomicLong CLOCK = new java.util.concurrent.atomic.AtomicLong(1_700_000_000L);

    @BeforeEach
    void setUp() throws Exception {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        Files.createDirectories(DEVICES.resolve("sda"));
        object = "/sda/7/AUTH_test/photos/" + UUID.randomUUID() + "/cat.jpg";
    }

    private String ts() {
        return new Timestamp(CLOCK.incrementAndGet() * 100_000 + 12345).internal();
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static List<Path> files(String suffix) throws Exception {
        try (Stream<Path> all = Files.walk(DEVICES.resolve("sda/objects"))) {
            return all.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void putThenGetReturnsTheBytesAndMetadata() throws Exception {
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        String timestamp = ts();
        given().header("X-Timestamp", timestamp).header("Content-Type", "image/jpeg").header("X-Object-Meta-Color", "black")
                .header("ETag", md5(body)).body(body).put(object)
                .then().statusCode(201).header("ETag", md5(body));
        Response got = given().get(object);
        got.then().statusCode(200).header("Content-Type", "image/jpeg").header("X-Object-Meta-Color", "black")
                .header("ETag", md5(body)).header("X-Timestamp", timestamp).header("Content-Length", "300000");
        assertArrayEquals(body, got.asByteArray());
        given().head(object).then().statusCode(200).header("Content-Length", "300000");
    }

    /** The proxy's way: the body followed by its MD5 and CRC32C; the node keeps the body, checks the CRC and takes the MD5 as ETag. */
    @Test
    void aBodyWithTheProxysFooterIsStoredWithoutIt() throws Exception {
        byte[] body = new byte[200_000];
        new Random(2).nextBytes(body);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        byte[] footer = io.stratus.swift.net.BodyFooter.encode(md5(body), (int) crc.getValue());
        byte[] sent = java.util.Arrays.copyOf(body, body.length + footer.length);
        System.arraycopy(footer, 0, sent, body.length, footer.length);
        given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "md5-crc32c").header("ETag", md5(body)).body(sent).put(object)
                .then().statusCode(201).header("ETag", md5(body));
        Response got = given().get(object);
        got.then().statusCode(200).header("ETag", md5(body)).header("Content-Length", "200000");
        assertArrayEquals(body, got.asByteArray());

        // one byte changed on the way: refused, the stored version stays
        byte[] damaged = sent.clone();
        damaged[100] ^= 1;
        given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "md5-crc32c").body(damaged).put(object)
                .then().statusCode(422);
        // the client's ETag is still checked, against the footer's MD5
        given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "md5-crc32c").header("ETag", md5(new byte[1])).body(sent)
                .put(object).then().statusCode(422);
        assertArrayEquals(body, given().get(object).asByteArray());
        given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "md5-crc32c").body(new byte[10]).put(object)
                .then().statusCode(400);
        given().header("X-Timestamp", ts()).header("X-Backend-Body-Footer", "sha1").body(sent).put(object).then().statusCode(400);
        try (Stream<Path> tmp = Files.list(DEVICES.resolve("sda/tmp"))) {
            assertFalse(tmp.anyMatch(p -> p.toString().endsWith(".tmp")), "temp files left behind");
        }
    }

    @Test
    void filesSitWhereSwiftPutsThemWithMetadataInXattrs() throws Exception {
        String timestamp = ts();
        given().header("X-Timestamp", timestamp).body("hello".getBytes()).put(object).then().statusCode(201);
        // this object's file: an earlier run's files under target/ may carry the same timestamp
        Path data = files(timestamp + ".data").stream().filter(p -> {
            try {
                return io.stratus.swift.storage.obj.diskfile.DiskFileManager.metadataOf(p).get("name").endsWith(object.substring(7));
            } catch (java.io.IOException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        // objects/<partition>/<suffix>/<hash>/<timestamp>.data, the suffix being the hash's last three digits
        String hash = data.getParent().getFileName().toString();
        assertEquals(hash.substring(29), data.getParent().getParent().getFileName().toString());
        assertEquals("7", data.getParent().getParent().getParent().getFileName().toString());
        assertEquals("hello", Files.readString(data));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(data, UserDefinedFileAttributeView.class);
        ByteBuffer metadata = ByteBuffer.allocate(view.size("swift.metadata"));
        view.read("swift.metadata", metadata);
        String json = new String(metadata.array(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"ETag\":\"" + md5("hello".getBytes()) + "\""), json);
        assertTrue(json.contains("\"X-Timestamp\":\"" + timestamp + "\""), json);
        try (Stream<Path> tmp = Files.list(DEVICES.resolve("sda/tmp"))) {
            assertFalse(tmp.anyMatch(p -> p.toString().endsWith(".tmp")), "temp files left behind");
        }
    }

    @Test
    void aBodyCutOffHalfWayLeavesNoFileAndTheNextPutWorks() throws Exception {
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            var out = socket.getOutputStream();
            out.write(("PUT " + object + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Timestamp: " + ts()
                    + "\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[200_000]);
            out.flush();
        }
        given().get(object).then().statusCode(404);
        long deadline = System.currentTimeMillis() + 5000;
        while (tempFiles() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20); // the server learns of the closed connection shortly after
        }
        assertEquals(0, tempFiles(), "temp files left behind");
        given().header("X-Timestamp", ts()).body("whole".getBytes()).put(object).then().statusCode(201);
        assertEquals("whole", given().get(object).asString());
    }

    @Test
    void encodedNamesAreStoredDecoded() throws Exception {
        String timestamp = ts();
        String unique = UUID.randomUUID().toString();
        String encoded = "/sda/7/AUTH_test/photos/a%20b%2Fc+d%E2%9C%93" + unique;
        given().urlEncodingEnabled(false).header("X-Timestamp", timestamp).body("x".getBytes()).put(encoded).then().statusCode(201);
        String expected = "\"name\":\"/AUTH_test/photos/a b/c+d\u2713" + unique + "\"";
        boolean found = false;
        for (Path data : files(timestamp + ".data")) { // earlier runs may have left files with this timestamp
            UserDefinedFileAttributeView view = Files.getFileAttributeView(data, UserDefinedFileAttributeView.class);
            ByteBuffer metadata = ByteBuffer.allocate(view.size("swift.metadata"));
            view.read("swift.metadata", metadata);
            found |= new String(metadata.array(), StandardCharsets.UTF_8).contains(expected);
        }
        assertTrue(found, "no object stored as " + expected);
        given().urlEncodingEnabled(false).get(encoded).then().statusCode(200);
    }

    private static long tempFiles() throws Exception {
        try (Stream<Path> tmp = Files.list(DEVICES.resolve("sda/tmp"))) {
            return tmp.filter(p -> p.toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void wrongEtagIs422AndLeavesNothing() throws Exception {
        given().header("X-Timestamp", ts()).header("ETag", md5("other".getBytes())).body("hello".getBytes()).put(object)
                .then().statusCode(422);
        given().get(object).then().statusCode(404);
    }

    @Test
    void newerTimestampWinsAndOlderWritesAreRefused() throws Exception {
        String older = ts();
        String newer = ts();
        given().header("X-Timestamp", newer).body("new".getBytes()).put(object).then().statusCode(201);
        given().header("X-Timestamp", older).body("old".getBytes()).put(object).then().statusCode(409);
        assertEquals("new", given().get(object).asString());
        given().header("X-Timestamp", older).delete(object).then().statusCode(409);
        assertEquals("new", given().get(object).asString());
        String newest = ts();
        given().header("X-Timestamp", newest).body("newest".getBytes()).put(object).then().statusCode(201);
        assertEquals("newest", given().get(object).asString());
        Path current = files(".data").stream().filter(p -> {
            try {
                return Files.readString(p).equals("newest");
            } catch (java.io.IOException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        try (Stream<Path> siblings = Files.list(current.getParent())) {
            assertEquals(1, siblings.count(), "older versions are removed by the newer write");
        }
    }

    @Test
    void deleteLeavesATombstoneThatHidesTheObject() throws Exception {
        given().header("X-Timestamp", ts()).body("x".getBytes()).put(object).then().statusCode(201);
        String deletedAt = ts();
        given().header("X-Timestamp", deletedAt).delete(object).then().statusCode(204);
        given().get(object).then().statusCode(404).header("X-Backend-Timestamp", deletedAt);
        assertTrue(files(deletedAt + ".ts").size() == 1);
        given().header("X-Timestamp", ts()).delete(object).then().statusCode(404);
    }

    @Test
    void postReplacesUserMetadataOnly() throws Exception {
        given().header("X-Timestamp", ts()).header("Content-Type", "text/plain").header("X-Object-Meta-A", "1")
                .body("x".getBytes()).put(object).then().statusCode(201);
        given().header("X-Timestamp", ts()).header("X-Object-Meta-B", "2").header("Content-Type", "text/csv").post(object)
                .then().statusCode(202);
        Response head = given().head(object);
        head.then().statusCode(200).header("X-Object-Meta-B", "2").header("Content-Type", "text/csv")
                .header("ETag", md5("x".getBytes()));
        assertEquals(null, head.header("X-Object-Meta-A"));
    }

    @Test
    void rangesAreServed() {
        given().header("X-Timestamp", ts()).body("0123456789".getBytes()).put(object).then().statusCode(201);
        given().header("Range", "bytes=2-5").get(object).then().statusCode(206).header("Content-Range", "bytes 2-5/10")
                .body(equalTo("2345"));
        given().header("Range", "bytes=-3").get(object).then().statusCode(206).body(equalTo("789"));
        given().header("Range", "bytes=7-").get(object).then().statusCode(206).body(equalTo("789"));
        given().header("Range", "bytes=10-20").get(object).then().statusCode(416).header("Content-Range", "bytes */10");
        given().header("Range", "bytes=10-20,30-").get(object).then().statusCode(416);
        given().header("Range", "bytes=x-3").get(object).then().statusCode(200).body(equalTo("0123456789"));
        given().header("Range", "bytes=5-2").get(object).then().statusCode(200).body(equalTo("0123456789"));
        // a range starting past the end is dropped from a multi-range request, the rest is served
        given().header("Range", "bytes=1-2,20-30").get(object).then().statusCode(206).header("Content-Range", "bytes 1-2/10")
                .body(equalTo("12"));
    }

    @Test
    void severalRangesComeAsOneMultipartBody() {
        given().header("X-Timestamp", ts()).header("Content-Type", "text/plain").body("0123456789".getBytes()).put(object)
                .then().statusCode(201);
        Response got = given().header("Range", "bytes=0-1,-2").get(object);
        got.then().statusCode(206);
        assertEquals(1, got.headers().getValues("Content-Type").size(), got.headers().toString());
        String type = got.header("Content-Type");
        org.junit.jupiter.api.Assertions.assertTrue(type.startsWith("multipart/byteranges;boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n"
                + "--" + boundary + "--";
        assertEquals(expected, got.asString());
        assertEquals(Integer.toString(expected.length()), got.header("Content-Length"));
    }

    @Test
    void expiredObjectsAreGone() {
        given().header("X-Timestamp", ts()).header("X-Delete-At", Long.toString(System.currentTimeMillis() / 1000 - 1))
                .body("x".getBytes()).put(object).then().statusCode(201);
        given().get(object).then().statusCode(404);
    }

    @Test
    void badRequestsAndMissingDevices() {
        given().body("x".getBytes()).put(object).then().statusCode(400);
        given().header("X-Timestamp", "yesterday").body("x".getBytes()).put(object).then().statusCode(400);
        given().header("X-Timestamp", ts()).body("x".getBytes()).put("/sda/notanumber/a/c/o").then().statusCode(400);
        given().header("X-Timestamp", ts()).body("x".getBytes()).put("/sdz/1/a/c/o").then().statusCode(507);
        assertFalse(Files.exists(DEVICES.resolve("sdz")), "a missing device must not be created");
    }

    @Test
    void unreachableContainerServerQueuesAnAsyncPending() throws Exception {
        given().header("X-Timestamp", ts()).header("X-Container-Host", "127.0.0.1:1").header("X-Container-Partition", "3")
                .header("X-Container-Device", "sdb").body("x".getBytes()).put(object).then().statusCode(201);
        try (Stream<Path> pending = Files.walk(DEVICES.resolve("sda/async_pending"))) {
            assertTrue(pending.anyMatch(p -> Files.isRegularFile(p)), "no async pending was written");
        }
    }

    /** A write the device has no room for is refused before its body is taken: 507, so the proxy writes elsewhere. */
    @Test
    void aWriteLargerThanTheDevicesFreeSpaceIsRefusedWith507() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "PUT " + object + " HTTP/1.1\r\nHost: localhost\r\nX-Timestamp: " + ts()
                    + "\r\nContent-Length: 1000000000000000\r\nContent-Type: text/plain\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 507 Insufficient Storage", status);
        }
        given().get(object).then().statusCode(404);
    }

    /** Object PUTs skip JAX-RS (ObjectPutRoute); their request metrics must still share one uri tag, not one per object. */
    @Test
    void objectPutsAreCountedUnderOneTemplatedUri() throws Exception {
        double before = objectPutCount();
        for (int i = 0; i < 3; i++) {
            given().header("X-Timestamp", ts()).body(new byte[] {(byte) i}).put(object + "-" + i).then().statusCode(201);
        }
        assertEquals(before + 3, objectPutCount());
        String unique = object.split("/")[5];
        assertFalse(given().get("/q/metrics").asString().contains(unique), "an object's own path became a metrics tag");
    }

    private static double objectPutCount() {
        String template = "uri=\"/{device}/{partition}/{account}/{container}/{object: .+}\"";
        return given().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"PUT\"")
                        && line.contains("status=\"201\"") && line.contains(template))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
