package io.stratus.swift.proxy.controller;

import io.stratus.swift.proxy.backend.Backend;
import io.stratus.swift.proxy.backend.QuorumPutter;
import io.stratus.swift.proxy.config.ProxyConfig;
import io.stratus.swift.proxy.config.Rings;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Objects: PUT streamed to every replica with a quorum, reads with failover, conditional GETs. */
@ApplicationScoped
public class ObjectController {

    public static final int MAX_OBJECT_NAME_BYTES = 1024;

    @Inject
    Rings rings;
    @Inject
    Backend backend;
    @Inject
    ProxyConfig config;
    @Inject
    ContainerController containers;
    @Inject
    LargeObjects largeObjects;
    @Inject
    ReplicaReader reader;

    public Response put(String account, String container, String object, HttpHeaders headers, InputStream body,
                        String multipartManifest) {
        if ("put".equals(multipartManifest)) {
            try {
                byte[] manifest = largeObjects.validateManifest(account, body);
                Map<String, String> metadata = new LinkedHashMap<>();
                Passthrough.copyUserHeaders(headers, metadata, "x-object-meta-");
                metadata.put("X-Static-Large-Object", "True");
                Response stored = putWith(account, container, object, metadata, new java.io.ByteArrayInputStream(manifest),
                        manifest.length, null);
                if (stored.getStatus() != 201) {
                    return stored;
                }
                StringBuilder etags = new StringBuilder();
                for (var segment : LargeObjects.staticSegments(new java.io.ByteArrayInputStream(manifest))) {
                    etags.append(segment.etag());
                }
                return Response.status(201).header("ETag", "\"" + LargeObjects.md5(etags.toString()) + "\"")
                        .header("Content-Length", "0").build();
            } catch (java.io.IOException e) {
                return Passthrough.status(503, "Service Unavailable");
            }
        }
        return putObject(account, container, object, headers, body);
    }

    private Response putObject(String account, String container, String object, HttpHeaders headers, InputStream body) {
        String length = headers.getHeaderString("Content-Length");
        long contentLength;
        try {
            contentLength = length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return Passthrough.status(400, "Invalid Content-Length");
        }
        if (contentLength > config.maxFileSize()) {
            return Passthrough.status(413, "Your request is too large.");
        }
        if (contentLength < 0 && !"chunked".equalsIgnoreCase(headers.getHeaderString("Transfer-Encoding"))) {
            return Passthrough.status(411, "Missing Content-Length or Transfer-Encoding: chunked");
        }
        Map<String, String> common = new LinkedHashMap<>();
        Passthrough.copyUserHeaders(headers, common, "x-object-meta-");
        String deleteAfter = headers.getHeaderString("X-Delete-After");
        String deleteAt = headers.getHeaderString("X-Delete-At");
        long now = System.currentTimeMillis() / 1000;
        try {
            if (deleteAfter != null) {
                long after = Long.parseLong(deleteAfter.trim());
                if (after < 0) {
                    return Passthrough.status(400, "X-Delete-After in past");
                }
                common.put("X-Delete-At", Long.toString(now + after));
            } else if (deleteAt != null && Long.parseLong(deleteAt.trim()) <= now) {
                return Passthrough.status(400, "X-Delete-At in past");
            }
        } catch (NumberFormatException e) {
            return Passthrough.status(400, deleteAfter != null ? "Non-integer X-Delete-After" : "Non-integer X-Delete-At");
        }
        return putWith(account, container, object, common, body, contentLength, headers.getHeaderString("ETag"));
    }

    private Response putWith(String account, String container, String object, Map<String, String> metadata, InputStream body,
                             long contentLength, String etag) {
        Map<String, String> common = new LinkedHashMap<>(metadata);
        if (etag != null) {
            common.put("ETag", etag.replace("\"", ""));
        }
        List<Device> containerNodes = containers.existingContainerNodes(account, container);
        if (containerNodes == null) {
            return Passthrough.status(404, "Not Found");
        }
        int containerPartition = containers.containerPartition(account, container);
        common.put("X-Timestamp", Passthrough.timestamp());
        Ring ring = rings.object();
        int partition = ring.partition(rings.hasher(), account, container, object);
        List<Device> primaries = ring.primaries(partition);
        List<QuorumPutter.Target> targets = new ArrayList<>();
        for (int i = 0; i < primaries.size(); i++) {
            Map<String, String> perReplica = new LinkedHashMap<>(common);
            containerUpdateHeaders(perReplica, containerNodes, containerPartition, primaries, i);
            targets.add(new QuorumPutter.Target(primaries.get(i), Backend.path(primaries.get(i), partition, account, container, object),
                    perReplica));
        }
        int quorum = Replicas.quorum(primaries.size());
        QuorumPutter.Outcome outcome = QuorumPutter.put(targets, Replicas.writeHandoffs(ring, partition),
                node -> Backend.path(node, partition, account, container, object), body, contentLength, quorum,
                config.connTimeout(), config.nodeTimeout());
        if (outcome.clientFailed()) {
            return Passthrough.status(499, "Client Disconnect");
        }
        if (outcome.successes() >= quorum && !outcome.etagsDisagree()) {
            return Response.status(201).header("ETag", outcome.etag()).header("Last-Modified", io.stratus.swift.net.Timestamp.parse(common.get("X-Timestamp")).httpDate())
                    .header("Content-Length", "0").build();
        }
        if (outcome.statuses().stream().filter(s -> s == 422).count() >= quorum) {
            return Passthrough.status(422, "Unprocessable Entity");
        }
        return Passthrough.status(503, "Service Unavailable");
    }

    /**
     * Server-side copy: the source streamed from one of its replicas into a PUT of the destination,
     * with the source's metadata unless the request sets its own (or X-Fresh-Metadata).
     */
    public Response copy(String sourceAccount, String sourceContainer, String sourceObject, String account, String container,
                         String object, HttpHeaders headers) {
        Backend.Answer source = reader.read("GET", sourceAccount, sourceContainer, sourceObject, "", Map.of(), true);
        if (source == null) {
            return Passthrough.status(503, "Service Unavailable");
        }
        if (!source.isSuccess()) {
            source.close();
            return Passthrough.status(404, "Not Found");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!"true".equalsIgnoreCase(headers.getHeaderString("X-Fresh-Metadata"))) {
            source.headers().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("x-object-meta-") || lower.equals("content-type") || lower.equals("content-disposition")
                        || lower.equals("content-encoding")) {
                    metadata.put(name, values.get(0));
                }
            });
        }
        Passthrough.copyUserHeaders(headers, metadata, "x-object-meta-");
        long length = Long.parseLong(source.header("Content-Length").orElse("-1"));
        try (InputStream body = source.body()) {
            Response response = putWith(account, container, object, metadata, body, length, source.header("ETag").orElse(null));
            return response.getStatus() == 201 ? Response.fromResponse(response)
                    .header("X-Copied-From", sourceContainer + "/" + sourceObject).build() : response;
        } catch (java.io.IOException e) {
            return Passthrough.status(503, "Service Unavailable");
        }
    }

    public Response get(String account, String container, String object, HttpHeaders headers, boolean head) {
        return get(account, container, object, headers, head, null);
    }

    public Response get(String account, String container, String object, HttpHeaders headers, boolean head, String multipartManifest) {
        Backend.Answer answer = reader.read(head ? "HEAD" : "GET", account, container, object, "",
                ReplicaReader.forwarded(headers, "Range", "X-Newest"), !head);
        if (answer == null) {
            return Passthrough.status(503, "Service Unavailable");
        }
        if (answer.status() == 404) {
            answer.close();
            return Passthrough.status(404, "Not Found");
        }
        boolean rawManifest = "get".equals(multipartManifest);
        // a Range meant for the whole large object reaches the manifest too (206/416 there): serveLarge reads it again whole
        if (!rawManifest && (answer.isSuccess() || answer.status() == 416)
                && (LargeObjects.isDynamic(answer) || LargeObjects.isStatic(answer))) {
            return serveLarge(account, container, object, headers, head, answer);
        }
        Integer precondition = preconditionFailure(headers, answer);
        if (precondition != null) {
            answer.close();
            Response.ResponseBuilder response = Passthrough.headersOf(answer, precondition);
            return precondition == 304 ? response.build() : response.entity("Precondition Failed\n").build();
        }
        return Passthrough.stream(answer, head);
    }

    private Response serveLarge(String account, String container, String object, HttpHeaders headers, boolean head,
                                Backend.Answer answer) {
        try {
            if (LargeObjects.isDynamic(answer)) {
                List<LargeObjects.Segment> segments = largeObjects.dynamicSegments(account, answer.header("X-Object-Manifest").get());
                answer.close();
                return largeObjects.serve(account, answer, segments, headers, head);
            }
            Backend.Answer manifest = answer;
            if (head || answer.body() == null || answer.status() != 200) {
                answer.close();
                manifest = reader.read("GET", account, container, object, "", Map.of(), true);
                if (manifest == null || !manifest.isSuccess()) {
                    return Passthrough.status(503, "Service Unavailable");
                }
            }
            List<LargeObjects.Segment> segments;
            try (InputStream in = manifest.body()) {
                segments = LargeObjects.staticSegments(in);
            }
            return largeObjects.serve(account, manifest, segments, headers, head);
        } catch (java.io.IOException e) {
            return Passthrough.status(503, "Service Unavailable");
        }
    }

    public Response delete(String account, String container, String object, String multipartManifest) {
        if ("delete".equals(multipartManifest)) {
            Backend.Answer manifest = reader.read("GET", account, container, object, "", Map.of(), true);
            if (manifest != null && manifest.isSuccess() && LargeObjects.isStatic(manifest)) {
                try (InputStream in = manifest.body()) {
                    for (LargeObjects.Segment segment : LargeObjects.staticSegments(in)) {
                        writeAll(account, segment.container(), segment.object(), "DELETE", new LinkedHashMap<>(), true);
                    }
                } catch (java.io.IOException e) {
                    return Passthrough.status(503, "Service Unavailable");
                }
            } else if (manifest != null) {
                manifest.close();
            }
        }
        return delete(account, container, object);
    }

    public Response delete(String account, String container, String object) {
        return writeAll(account, container, object, "DELETE", new LinkedHashMap<>(), true);
    }

    public Response post(String account, String container, String object, HttpHeaders headers) {
        Map<String, String> forward = new LinkedHashMap<>();
        Passthrough.copyUserHeaders(headers, forward, "x-object-meta-");
        Response response = writeAll(account, container, object, "POST", forward, false);
        return response.getStatus() / 100 == 2 ? Response.status(202).build() : response;
    }

    private Response writeAll(String account, String container, String object, String method, Map<String, String> headers,
                              boolean updateContainer) {
        headers.put("X-Timestamp", Passthrough.timestamp());
        Ring ring = rings.object();
        int partition = ring.partition(rings.hasher(), account, container, object);
        List<Device> nodes = ring.primaries(partition);
        List<Map<String, String>> perNode = new ArrayList<>();
        List<Device> containerNodes = updateContainer ? containers.existingContainerNodes(account, container) : null;
        if (updateContainer && containerNodes == null) {
            return Passthrough.status(404, "Not Found");
        }
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, String> forNode = new LinkedHashMap<>(headers);
            if (containerNodes != null) {
                containerUpdateHeaders(forNode, containerNodes, containers.containerPartition(account, container), nodes, i);
            }
            perNode.add(forNode);
        }
        List<Backend.Answer> answers = Replicas.all(backend, nodes, Replicas.writeHandoffs(ring, partition), method,
                node -> Backend.path(node, partition, account, container, object), perNode);
        if (method.equals("DELETE") && answers.stream().anyMatch(a -> a != null && a.isSuccess())) {
            return Response.status(204).build();
        }
        int status = Replicas.quorumStatus(answers, nodes.size());
        return status == 404 ? Passthrough.status(404, "Not Found") : Response.status(status).build();
    }

    /** Tells each object replica which container replicas to update (see {@link Colocation}). */
    private static void containerUpdateHeaders(Map<String, String> headers, List<Device> containerNodes, int containerPartition,
                                               List<Device> objectNodes, int replica) {
        List<Device> targets = Colocation.assign(objectNodes, containerNodes).get(replica);
        if (targets.isEmpty()) {
            return;
        }
        StringBuilder hosts = new StringBuilder();
        StringBuilder devices = new StringBuilder();
        for (Device target : targets) {
            hosts.append(hosts.length() == 0 ? "" : ",").append(target.ip()).append(':').append(target.port());
            devices.append(devices.length() == 0 ? "" : ",").append(target.device());
        }
        headers.put("X-Container-Host", hosts.toString());
        headers.put("X-Container-Partition", Integer.toString(containerPartition));
        headers.put("X-Container-Device", devices.toString());
    }

    /** RFC 7232 on the stored version: 412 for If-Match/If-Unmodified-Since, 304 for If-None-Match/If-Modified-Since. */
    static Integer preconditionFailure(HttpHeaders headers, Backend.Answer answer) {
        return preconditionFailure(headers, answer.header("ETag").orElse("").replace("\"", ""), answer.header("Last-Modified").orElse(null));
    }

    /** The same against a given ETag (unquoted) and Last-Modified, as a large object has them. */
    static Integer preconditionFailure(HttpHeaders headers, String etag, String lastModifiedHeader) {
        String ifMatch = headers.getHeaderString("If-Match");
        if (ifMatch != null && !matches(ifMatch, etag)) {
            return 412;
        }
        String ifNoneMatch = headers.getHeaderString("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return 304;
        }
        ZonedDateTime lastModified = parseDate(lastModifiedHeader);
        ZonedDateTime unmodifiedSince = parseDate(headers.getHeaderString("If-Unmodified-Since"));
        if (ifMatch == null && unmodifiedSince != null && lastModified != null && lastModified.isAfter(unmodifiedSince)) {
            return 412;
        }
        ZonedDateTime modifiedSince = parseDate(headers.getHeaderString("If-Modified-Since"));
        if (ifNoneMatch == null && modifiedSince != null && lastModified != null && !lastModified.isAfter(modifiedSince)) {
            return 304;
        }
        return null;
    }

    private static boolean matches(String condition, String etag) {
        for (String candidate : condition.split(",")) {
            String value = candidate.trim().replace("\"", "");
            if (value.equals("*") || value.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static ZonedDateTime parseDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

}
