package io.stratus.swift.proxy.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stratus.swift.net.ByteRanges;
import io.stratus.swift.net.PacedOutput;
import io.stratus.swift.proxy.backend.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Large objects: dynamic (X-Object-Manifest: every object under a prefix, in name order) and static
 * (a JSON manifest of segments). Either is served as one stream, segment after segment, with ranges
 * mapped onto the segments; nothing is buffered.
 */
@ApplicationScoped
public class LargeObjects {

    static final int MAX_MANIFEST_SEGMENTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ReplicaReader reader;

    /** One segment: where it is and how many bytes it gives. */
    record Segment(String container, String object, long bytes, String etag) {
    }

    static boolean isDynamic(Backend.Answer answer) {
        return answer.header("X-Object-Manifest").isPresent();
    }

    static boolean isStatic(Backend.Answer answer) {
        return answer.header("X-Static-Large-Object").map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    /** The segments of a DLO: the objects of `container/prefix`, listed in pages of 10,000. */
    List<Segment> dynamicSegments(String account, String manifest) throws IOException {
        String decoded = URLDecoder.decode(manifest, StandardCharsets.UTF_8);
        int slash = decoded.indexOf('/');
        String container = slash < 0 ? decoded : decoded.substring(0, slash);
        String prefix = slash < 0 ? "" : decoded.substring(slash + 1);
        List<Segment> segments = new ArrayList<>();
        String marker = "";
        while (true) {
            String query = "?format=json&prefix=" + encode(prefix) + "&marker=" + encode(marker);
            Backend.Answer listing = reader.read("GET", account, container, null, query, Map.of(), false);
            if (listing == null || listing.status() != 200) {
                break;
            }
            JsonNode page = JSON.readTree(listing.body());
            for (JsonNode entry : page) {
                segments.add(new Segment(container, entry.get("name").asText(), entry.get("bytes").asLong(), entry.get("hash").asText()));
            }
            if (page.size() < 10_000) {
                break;
            }
            marker = segments.get(segments.size() - 1).object();
        }
        return segments;
    }

    /** The segments of an SLO: its stored manifest. */
    static List<Segment> staticSegments(InputStream manifest) throws IOException {
        List<Segment> segments = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(manifest)) {
            String name = entry.get("name").asText();
            String path = name.startsWith("/") ? name.substring(1) : name;
            int slash = path.indexOf('/');
            segments.add(new Segment(path.substring(0, slash), path.substring(slash + 1), entry.get("bytes").asLong(),
                    entry.get("hash").asText()));
        }
        return segments;
    }

    /**
     * The large object as one response: headers of the manifest, length and ETag of the whole, the
     * segments' bytes. Conditions (If-Match …) are checked against the whole object's ETag, and Range
     * (one or several, Swift's rules) against its whole length.
     */
    Response serve(String account, Backend.Answer manifestAnswer, List<Segment> segments, HttpHeaders headers, boolean head) {
        long total = 0;
        StringBuilder etags = new StringBuilder();
        for (Segment segment : segments) {
            total += segment.bytes();
            etags.append(segment.etag());
        }
        String etag = md5(etags.toString());
        Integer precondition = ObjectController.preconditionFailure(headers, etag, manifestAnswer.header("Last-Modified").orElse(null));
        Response.ResponseBuilder response = Passthrough.headersOf(manifestAnswer, precondition == null ? 200 : precondition)
                .header("ETag", "\"" + etag + "\"").header("Accept-Ranges", "bytes");
        if (precondition != null) {
            return precondition == 304 ? response.build() : response.entity("Precondition Failed\n").build();
        }
        List<ByteRanges.Range> ranges = ByteRanges.parse(headers.getHeaderString("Range"), total);
        if (ranges != null && ranges.isEmpty()) {
            return Response.status(416).header("Content-Range", "bytes */" + total).build();
        }
        if (ranges != null && ranges.size() > 1) {
            ByteRanges.Multipart multipart = ByteRanges.Multipart.of(ranges,
                    manifestAnswer.header("Content-Type").orElse("application/octet-stream"), total);
            response.status(206).header("Content-Type", null).header("Content-Type", multipart.contentType())
                    .header("Content-Length", Long.toString(multipart.length()));
            if (head) {
                return response.build();
            }
            StreamingOutput body = out -> multipart.write(PacedOutput.of(out),
                    (i, part) -> stream(account, segments, ranges.get(i).first(), ranges.get(i).length(), part));
            return response.entity(body).build();
        }
        long first = 0;
        long length = total;
        if (ranges != null) {
            ByteRanges.Range range = ranges.get(0);
            first = range.first();
            length = range.length();
            response.status(206).header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + total);
        }
        response.header("Content-Length", Long.toString(length));
        if (head) {
            return response.build();
        }
        long start = first;
        long count = length;
        StreamingOutput body = out -> stream(account, segments, start, count, PacedOutput.of(out));
        return response.entity(body).build();
    }

    private void stream(String account, List<Segment> segments, long start, long length, OutputStream out) throws IOException {
        long offset = 0;
        long left = length;
        for (Segment segment : segments) {
            if (left <= 0) {
                break;
            }
            long segmentEnd = offset + segment.bytes();
            if (segmentEnd <= start || segment.bytes() == 0) {
                offset = segmentEnd;
                continue;
            }
            long from = Math.max(0, start - offset);
            long to = Math.min(segment.bytes(), from + left) - 1;
            Backend.Answer answer = reader.read("GET", account, segment.container(), segment.object(), "",
                    Map.of("Range", "bytes=" + from + "-" + to), true);
            if (answer == null || !answer.isSuccess()) {
                // the client already has the headers: cutting the connection is the only honest answer
                throw new IOException("segment " + segment.container() + "/" + segment.object() + " is unavailable");
            }
            try (InputStream in = answer.body()) {
                long copied = Passthrough.copy(in, out);
                if (copied != to - from + 1) {
                    throw new IOException("segment " + segment.object() + " is shorter than its listing says");
                }
                left -= copied;
            }
            offset = segmentEnd;
        }
    }

    /**
     * Checks an SLO manifest from the client (`[{"path": "/c/o", "etag": ..., "size_bytes": ...}]`) against
     * the segments as stored. @return the manifest as stored: name, bytes, hash of each segment
     */
    byte[] validateManifest(String account, InputStream body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new io.stratus.common.error.ApiException(400, "Manifest must be valid JSON.");
        }
        if (request == null || !request.isArray() || request.isEmpty()) {
            throw new io.stratus.common.error.ApiException(400, "Manifest must be a list of segments.");
        }
        if (request.size() > MAX_MANIFEST_SEGMENTS) {
            throw new io.stratus.common.error.ApiException(400, "Too many segments; max " + MAX_MANIFEST_SEGMENTS);
        }
        ArrayNode stored = JSON.createArrayNode();
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : request) {
            String path = entry.path("path").asText("");
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            if (slash <= 0) {
                problems.add(path + ": not /container/object");
                continue;
            }
            String container = trimmed.substring(0, slash);
            String object = trimmed.substring(slash + 1);
            Backend.Answer head = reader.read("HEAD", account, container, object, "", Map.of(), false);
            if (head == null || !head.isSuccess()) {
                problems.add(path + ": 404 Not Found");
                continue;
            }
            long size = Long.parseLong(head.header("Content-Length").orElse("0"));
            String etag = head.header("ETag").orElse("").replace("\"", "");
            if (entry.hasNonNull("size_bytes") && entry.get("size_bytes").asLong() != size) {
                problems.add(path + ": Size Mismatch");
            }
            if (entry.hasNonNull("etag") && !entry.get("etag").asText().replace("\"", "").equals(etag)) {
                problems.add(path + ": Etag Mismatch");
            }
            stored.addObject().put("name", "/" + container + "/" + object).put("bytes", size).put("hash", etag)
                    .put("content_type", head.header("Content-Type").orElse("application/octet-stream"));
        }
        if (!problems.isEmpty()) {
            throw new io.stratus.common.error.ApiException(400, "Errors:\n" + String.join("\n", problems));
        }
        return JSON.writeValueAsBytes(stored);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
