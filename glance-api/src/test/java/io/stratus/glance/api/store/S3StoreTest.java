package io.stratus.glance.api.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 store against a real S3 endpoint: Swift's s3api, started by the test command
 * (deploy/local/s3-endpoint.sh) and named by STRATUS_S3_ENDPOINT. Without it the test fails, as a
 * test with nothing to talk to should.
 */
class S3StoreTest {

    private static final int PART = (int) S3Store.MIN_PART_SIZE;
    private static final String BUCKET = "s3-store-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static S3Client s3;
    private static S3Store store;

    @BeforeAll
    static void connect() {
        String endpoint = System.getenv("STRATUS_S3_ENDPOINT");
        if (endpoint == null) {
            throw new IllegalStateException("STRATUS_S3_ENDPOINT is not set: start deploy/local/s3-endpoint.sh up and export it");
        }
        URI uri = URI.create(endpoint);
        s3 = S3Store.client(uri, "us-east-1", "glance:s3", "s3-secret", true);
        store = new S3Store(s3, uri, BUCKET, PART, 1000, true);
    }

    @AfterAll
    static void dropBucket() {
        if (s3 != null) {
            for (S3Object object : s3.listObjectsV2(list -> list.bucket(BUCKET)).contents()) {
                s3.deleteObject(delete -> delete.bucket(BUCKET).key(object.key()));
            }
            s3.deleteBucket(delete -> delete.bucket(BUCKET));
        }
    }

    @Test
    void aSmallSizedImageIsOneObject() throws IOException {
        byte[] body = bytes(100_000, 1);
        String location = store.add("small", new ByteArrayInputStream(body), body.length).location();
        assertEquals("s3+http", URI.create(location).getScheme());
        assertTrue(store.owns(location));
        assertArrayEquals(body, read(location, 0, -1));
        assertArrayEquals(Arrays.copyOfRange(body, 500, 1500), read(location, 500, 1000));
        assertArrayEquals(Arrays.copyOfRange(body, 99_000, 100_000), read(location, 99_000, -1));
        assertEquals(List.of(), s3.listMultipartUploads(list -> list.bucket(BUCKET)).uploads());
    }

    @Test
    void largerImagesGoInPartsSizedOrNot() throws IOException {
        byte[] body = bytes(2 * PART + 12_345, 2);
        String sized = store.add("parts-sized", new ByteArrayInputStream(body), body.length).location();
        String unsized = store.add("parts-unsized", new ByteArrayInputStream(body), -1).location();
        for (String location : List.of(sized, unsized)) {
            assertArrayEquals(body, read(location, 0, -1));
            assertArrayEquals(Arrays.copyOfRange(body, PART - 10, PART + 10), read(location, PART - 10, 20));
        }
        // Swift's s3api keeps a multipart object as a static large object: its ETag names the parts ("…-3")
        assertTrue(s3.headObject(head -> head.bucket(BUCKET).key("parts-sized")).eTag().endsWith("-3\""));
    }

    @Test
    void anUnsizedImageEndingOnAPartBoundaryOrShortIsWhole() throws IOException {
        byte[] exact = bytes(PART, 3);
        assertArrayEquals(exact, read(store.add("boundary", new ByteArrayInputStream(exact), -1).location(), 0, -1));
        byte[] empty = new byte[0];
        assertArrayEquals(empty, read(store.add("empty", new ByteArrayInputStream(empty), 0).location(), 0, -1));
        assertArrayEquals(empty, read(store.add("empty-unsized", new ByteArrayInputStream(empty), -1).location(), 0, -1));
    }

    @Test
    void aFailedUploadLeavesNothing() {
        byte[] body = bytes(2 * PART + 1, 4);
        InputStream breaksInThirdPart = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                if (pos >= 2 * PART) {
                    throw new IllegalStateException("client gone");
                }
                return super.read(buffer, offset, length);
            }
        };
        assertThrows(IllegalStateException.class, () -> store.add("cut", breaksInThirdPart, body.length));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(head -> head.bucket(BUCKET).key("cut")));
        assertEquals(List.of(), s3.listMultipartUploads(list -> list.bucket(BUCKET)).uploads());
        assertThrows(IOException.class, () -> store.add("too-long", new ByteArrayInputStream(body), 10));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(head -> head.bucket(BUCKET).key("too-long")));
    }

    @Test
    void deleteRemovesAndToleratesAGoneObject() throws IOException {
        String location = store.add("doomed", new ByteArrayInputStream(bytes(10, 5)), 10).location();
        store.delete(location);
        store.delete(location);
        assertThrows(IOException.class, () -> store.open(location, 0, -1));
    }

    @Test
    void partsGrowWhenASizedImageWouldNeedTooMany() {
        S3Store fewParts = new S3Store(s3, URI.create("http://127.0.0.1:1"), BUCKET, PART, 10, true);
        assertEquals(PART, fewParts.partSizeFor(-1));
        assertEquals(1234, fewParts.partSizeFor(1234));
        assertEquals(PART, fewParts.partSizeFor(10L * PART));
        assertEquals(PART + 1, fewParts.partSizeFor(10L * PART + 10));
    }

    private static byte[] read(String location, long offset, long length) throws IOException {
        try (InputStream in = store.open(location, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }
}
