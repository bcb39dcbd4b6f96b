package io.stratus.swift.storage.obj;

import io.stratus.swift.net.BodyFooter;
import io.stratus.swift.net.ByteRanges;
import io.stratus.swift.net.PacedOutput;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.storage.obj.diskfile.DiskFile;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The object server: PUT, GET, HEAD, POST and DELETE of one object replica on one device. */
@ApplicationScoped
public class ObjectServer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ObjectServer.class);

    @Inject
    DiskFileManager diskFiles;
    @Inject
    ContainerUpdater containerUpdater;
    @Inject
    io.stratus.swift.storage.container.ContainerServer containers;
    @Inject
    io.stratus.swift.storage.maintenance.ObjectExpirer expirer;

    /** The object a request names. */
    public record Target(String device, int partition, String account, String container, String object) {
    }

    /** A PUT whose body is arriving: chunks go to {@link #body()}, then {@link #finishPut} makes it the object. */
    public record Upload(Target target, Timestamp timestamp, long contentLength, String expectedEtag, Map<String, String> metadata,
                         DiskFile.Writer body, Function<String, String> header) {
    }

    /** Checks the request and opens the new version's temp file: fast (no fsync but the first time a device's tmp folder is made), so it may run on an event loop. */
    public Upload startPut(Target target, MultiMap headers) throws IOException {
        Timestamp timestamp = Timestamp.parse(headers.get("X-Timestamp"));
        String length = headers.get("Content-Length");
        long contentLength;
        try {
            contentLength = length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Content-Length '" + length + "' is not a number");
        }
        String footer = headers.get(BodyFooter.HEADER);
        if (footer != null && !footer.equals(BodyFooter.FORMAT)) {
            throw new IllegalArgumentException("unknown body footer " + footer);
        }
        if (footer != null && contentLength >= 0) {
            if (contentLength < BodyFooter.LENGTH) {
                throw new IllegalArgumentException("a body with a footer is at least " + BodyFooter.LENGTH + " bytes");
            }
            contentLength -= BodyFooter.LENGTH;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (isStoredHeader(name)) {
                metadata.putIfAbsent(canonical(name), value);
            }
        });
        metadata.putIfAbsent("Content-Type", "application/octet-stream");
        metadata.put("name", "/" + target.account() + "/" + target.container() + "/" + target.object());
        DiskFile file = diskFiles.forWrite(target.device(), target.partition(), target.account(), target.container(), target.object(),
                contentLength);
        DiskFile.Writer body = footer == null ? file.writer(timestamp) : new FooterCheckedWriter(file.undigestedWriter(timestamp));
        return new Upload(target, timestamp, contentLength, headers.get("ETag"), metadata, body, headers::get);
    }

    /** Size and ETag checked, fsynced, renamed into place, the container told: blocking. Closes the upload's writer. */
    public Response finishPut(Upload upload) throws IOException {
        try (DiskFile.Writer body = upload.body()) {
            Map<String, String> stored = body.commit(upload.contentLength(), upload.expectedEtag(), upload.metadata());
            scheduleExpiry(upload.target(), stored.get("X-Delete-At"), upload.timestamp());
            Map<String, String> update = new LinkedHashMap<>();
            update.put("X-Timestamp", upload.timestamp().internal());
            update.put("X-Size", stored.get("Content-Length"));
            update.put("X-Content-Type", stored.get("Content-Type"));
            update.put("X-Etag", stored.get("ETag"));
            sendUpdate("PUT", upload.target(), upload.header(), update);
            return Response.status(201).header("ETag", stored.get("ETag")).header("Last-Modified", upload.timestamp().httpDate()).build();
        }
    }

    public Response get(Target target, HttpHeaders headers, boolean headOnly) throws IOException {
        DiskFile file = diskFiles.get(target.device(), target.partition(), target.account(), target.container(), target.object());
        DiskFile.Stored stored;
        FileChannel channel;
        while (true) {
            try {
                stored = file.read();
                // opened before we answer, so a newer version replacing this file cannot pull it away mid-read
                channel = headOnly ? null : FileChannel.open(stored.data(), StandardOpenOption.READ);
                break;
            } catch (NoSuchFileException e) {
                // replaced between the listing and the open: read the new current version
            }
        }
        Response.ResponseBuilder response = Response.ok();
        stored.metadata().forEach((name, value) -> {
            if (!name.equals("name") && !name.equals("Content-Length")) {
                response.header(name, value);
            }
        });
        response.header("X-Backend-Timestamp", stored.timestamp().internal())
                .header("Last-Modified", stored.timestamp().httpDate()).header("Accept-Ranges", "bytes");
        long length = stored.length();
        List<ByteRanges.Range> ranges = ByteRanges.parse(headers.getHeaderString("Range"), length);
        if (ranges != null && ranges.isEmpty()) {
            closeQuietly(channel);
            // with the object's headers: the proxy learns from them that this is a large object's manifest
            return response.status(416).header("Content-Range", "bytes */" + length).header("Content-Length", "0").build();
        }
        if (ranges == null) {
            response.header("Content-Length", Long.toString(length));
            if (headOnly) {
                return response.build();
            }
            if (length > SMALL_OBJECT) {
                return response.entity(verifiedStream(channel, length, BodyCheck.of(stored.metadata()), file, stored.data())).build();
            }
            byte[] body = readAll(channel, (int) length);
            BodyCheck check = BodyCheck.of(stored.metadata());
            if (check != null) {
                check.update(body, 0, body.length);
            }
            if (check != null && !check.matches()) {
                LOG.warnf("quarantining %s: its bytes do not match their checksum", stored.data());
                file.quarantine(stored.data());
                return Response.status(503).header("X-Backend-Quarantined", "true").build(); // the proxy reads another replica
            }
            return response.entity(body).build();
        }
        if (ranges.size() == 1) {
            ByteRanges.Range range = ranges.get(0);
            response.status(206).header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + length)
                    .header("Content-Length", Long.toString(range.length()));
            return headOnly ? response.build() : response.entity(stream(channel, range.first(), range.length())).build();
        }
        return multipart(response, stored, channel, ranges, headOnly);
    }

    /** Several ranges: one multipart/byteranges body, each part with its own Content-Type and Content-Range. */
    private static Response multipart(Response.ResponseBuilder response, DiskFile.Stored stored, FileChannel channel,
                                      List<ByteRanges.Range> ranges, boolean headOnly) {
        ByteRanges.Multipart multipart = ByteRanges.Multipart.of(ranges,
                stored.metadata().getOrDefault("Content-Type", "application/octet-stream"), stored.length());
        response.status(206).header("Content-Type", null) // replaces the object's own type, which each part carries
                .header("Content-Type", multipart.contentType())
                .header("Content-Length", Long.toString(multipart.length()));
        if (headOnly) {
            closeQuietly(channel);
            return response.build();
        }
        StreamingOutput body = out -> {
            try (FileChannel in = channel) {
                multipart.write(PacedOutput.of(out), (i, part) -> copy(in, ranges.get(i).first(), ranges.get(i).length(), part));
            }
        };
        return response.entity(body).build();
    }

    public Response delete(Target target, HttpHeaders headers) throws IOException {
        Timestamp timestamp = Timestamp.parse(headers.getHeaderString("X-Timestamp"));
        DiskFile file = diskFiles.get(target.device(), target.partition(), target.account(), target.container(), target.object());
        Timestamp replaced = file.delete(timestamp);
        sendUpdate("DELETE", target, headers::getHeaderString, Map.of("X-Timestamp", timestamp.internal()));
        return Response.status(replaced == null ? 404 : 204).header("X-Backend-Timestamp", timestamp.internal()).build();
    }

    public Response post(Target target, HttpHeaders headers) throws IOException {
        Timestamp timestamp = Timestamp.parse(headers.getHeaderString("X-Timestamp"));
        Map<String, String> metadata = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-object-meta-") || lower.equals("x-delete-at") || lower.equals("content-type")) {
                metadata.put(canonical(name), values.get(0));
            }
        });
        diskFiles.get(target.device(), target.partition(), target.account(), target.container(), target.object())
                .post(timestamp, metadata);
        scheduleExpiry(target, metadata.get("X-Delete-At"), timestamp);
        return Response.status(202).build();
    }

    private void scheduleExpiry(Target target, String deleteAt, Timestamp version) throws IOException {
        if (deleteAt != null) {
            expirer.schedule(target.device(), target.partition(), target.account(), target.container(), target.object(), deleteAt,
                    version);
        }
    }

    private void sendUpdate(String operation, Target target, Function<String, String> header, Map<String, String> update) {
        String self = header.apply("Host");
        containerUpdater.send(new ContainerUpdater.Update(operation, target.account(), target.container(), target.object(), update,
                header.apply("X-Container-Host"), header.apply("X-Container-Partition"),
                header.apply("X-Container-Device")), () -> diskFiles.device(target.device()), new ContainerUpdater.LocalContainers() {
                    @Override
                    public boolean holds(ContainerUpdater.Update update) {
                        return containers.servesHere(update.host(), update.device(), self);
                    }

                    @Override
                    public boolean apply(ContainerUpdater.Update update) {
                        return applyLocally(update, self);
                    }
                });
    }

    /** A container replica in this process takes the update by a call, not a request. */
    private boolean applyLocally(ContainerUpdater.Update update, String self) {
        try {
            int status = containers.objectUpdate(update.device(), Integer.parseInt(update.partition()), update.account(),
                    update.container(), update.object(), update.headers()::get, update.operation().equals("DELETE"), self).getStatus();
            return status / 100 == 2;
        } catch (Exception e) {
            return false; // queued like an update the container server refused
        }
    }

    /** Objects up to this size are read and checked against their ETag before anything is sent. */
    private static final int SMALL_OBJECT = 64 * 1024;

    private static byte[] readAll(FileChannel channel, int length) throws IOException {
        try (FileChannel in = channel) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (in.read(buffer, buffer.position()) < 0) {
                    break; // shorter than its metadata says: the digest tells
                }
            }
            return buffer.position() == length ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * A whole object streamed while its checksum is computed; the last piece is held back until the
     * checksum is known, and when it does not match the object is quarantined and the connection cut:
     * the client never takes bad bytes for a whole, good object.
     */
    private static StreamingOutput verifiedStream(FileChannel channel, long length, BodyCheck check, DiskFile file,
                                                  java.nio.file.Path data) {
        return (OutputStream response) -> {
            try (FileChannel in = channel) {
                OutputStream out = PacedOutput.of(response);
                byte[] reading = new byte[SMALL_OBJECT];
                byte[] held = new byte[SMALL_OBJECT];
                int heldLength = 0;
                long position = 0;
                while (position < length) {
                    ByteBuffer piece = ByteBuffer.wrap(reading, 0, (int) Math.min(reading.length, length - position));
                    while (piece.hasRemaining()) {
                        if (in.read(piece, position + piece.position()) < 0) {
                            throw new IOException("object file shorter than its metadata says");
                        }
                    }
                    if (check != null) {
                        check.update(reading, 0, piece.limit());
                    }
                    out.write(held, 0, heldLength);
                    byte[] swap = held;
                    held = reading;
                    reading = swap;
                    heldLength = piece.limit();
                    position += heldLength;
                }
                if (check != null && !check.matches()) {
                    LOG.warnf("quarantining %s: its bytes do not match their checksum; the read is cut", data);
                    file.quarantine(data);
                    throw new IOException("object bytes do not match their checksum");
                }
                out.write(held, 0, heldLength);
            }
        };
    }

    private static StreamingOutput stream(FileChannel channel, long start, long count) {
        return (OutputStream out) -> {
            try (FileChannel in = channel) {
                copy(in, start, count, PacedOutput.of(out));
            }
        };
    }

    private static void copy(FileChannel in, long start, long count, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        var sink = Channels.newChannel(out);
        long position = start;
        long left = count;
        while (left > 0) {
            buffer.clear();
            if (left < buffer.capacity()) {
                buffer.limit((int) left);
            }
            int read = in.read(buffer, position);
            if (read < 0) {
                throw new IOException("object file shorter than its metadata says");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                sink.write(buffer);
            }
            position += read;
            left -= read;
        }
    }

    static boolean isStoredHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("x-object-meta-") || lower.equals("content-type") || lower.equals("x-delete-at")
                || lower.equals("content-disposition") || lower.equals("content-encoding") || lower.equals("x-object-manifest")
                || lower.equals("x-static-large-object");
    }

    /** Header names as Swift stores them: X-Object-Meta-Color. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        String result = out.toString();
        return result.equals("Etag") ? "ETag" : result;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
