package io.stratus.glance.api.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.KeepAliveHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Images as objects in a Swift account (the Stratus Swift or any other), streamed to the proxy as
 * they arrive: no temp file, nothing held whole. An image of known size up to
 * {@code largeObjectSize} is one object; a larger one, or one of unknown size, is written as
 * segments of {@code chunkSize} (`<id>-00001`, …) under a static large object manifest named by the
 * image id, since Swift refuses single objects over its max_file_size (5 GiB by default).
 */
public final class SwiftStore implements ImageStore {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration READ = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private final Supplier<String> storageUrl;
    private final Supplier<String> token;
    private final String container;
    private final long largeObjectSize;
    private final long chunkSize;
    private volatile boolean containerMade;

    /**
     * @param storageUrl the account URL, e.g. http://127.0.0.1:8080/v1/AUTH_x; asked for each time (it may come from a catalog)
     * @param largeObjectSize the largest image stored as one object
     * @param chunkSize the size of each segment of a larger one
     */
    public SwiftStore(Supplier<String> storageUrl, Supplier<String> token, String container, long largeObjectSize, long chunkSize) {
        this.storageUrl = storageUrl;
        this.token = token;
        this.container = container;
        this.largeObjectSize = largeObjectSize;
        this.chunkSize = chunkSize;
    }

    @Override
    public String name() {
        return "swift";
    }

    @Override
    public boolean owns(String location) {
        return location.startsWith("swift+http://") || location.startsWith("swift+https://");
    }

    /** A single object's ETag is the MD5 of its bytes; a segmented image's manifest ETag is not. */
    @Override
    public boolean reportsMd5(long size) {
        return size >= 0 && size <= largeObjectSize;
    }

    @Override
    public Stored add(String imageId, InputStream data, long size) throws IOException {
        URI account = URI.create(storageUrl.get());
        ensureContainer(account);
        String path = account.getRawPath() + "/" + container + "/" + imageId;
        String location = "swift+" + account.getScheme() + "://" + account.getRawAuthority() + path;
        if (!reportsMd5(size)) {
            putSegmented(account, path, data, size);
            return new Stored(location, null);
        }
        String etag = putObject(account, path, data, size);
        if (etag == null || !MD5_HEX.matcher(etag).matches()) {
            deleteObject(account, path, "");
            throw new IOException("Swift answered with no MD5 for an ETag: " + etag);
        }
        return new Stored(location, etag);
    }

    /** Segments of at most chunkSize, then the manifest; on failure the segments written are removed. */
    private void putSegmented(URI account, String path, InputStream data, long size) throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        try {
            long left = size;
            for (int index = 1; size < 0 || left > 0; index++) {
                long segmentSize = size < 0 ? -1 : Math.min(chunkSize, left);
                String segment = path + "-" + String.format("%05d", index);
                SegmentInput piece = new SegmentInput(data, chunkSize);
                String etag = putObject(account, segment, piece, segmentSize);
                if (piece.count == 0 && index > 1) { // the body ended exactly at a segment boundary
                    deleteObject(account, segment, "");
                    break;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", segment.substring(account.getRawPath().length()));
                entry.put("etag", etag);
                entry.put("size_bytes", piece.count);
                manifest.add(entry);
                left -= piece.count;
                if (size < 0 && !piece.full()) {
                    break;
                }
            }
            byte[] body = JSON.writeValueAsBytes(manifest);
            KeepAliveHttp.Answer answer = KeepAliveHttp.exchange(account.getHost(), port(account), "PUT", path + "?multipart-manifest=put",
                    Map.of("X-Auth-Token", token.get(), "Content-Type", "application/octet-stream"), body, CONNECT, READ);
            if (answer.status() != 201) {
                throw new IOException("Swift answered " + answer.status() + " to the image's manifest");
            }
        } catch (IOException | RuntimeException e) {
            for (Map<String, Object> written : manifest) {
                try {
                    deleteObject(account, account.getRawPath() + written.get("path"), "");
                } catch (IOException | RuntimeException ignored) {
                    // the segment stays behind; the failure that matters is the one thrown below
                }
            }
            throw e;
        }
    }

    /** One object, streamed; its ETag. */
    private String putObject(URI account, String path, InputStream data, long size) throws IOException {
        KeepAliveHttp.Connection connection = KeepAliveHttp.open(account.getHost(), port(account), "PUT", path,
                Map.of("X-Auth-Token", token.get(), "Content-Type", "application/octet-stream"), size, CONNECT, READ);
        try {
            byte[] buffer = new byte[KeepAliveHttp.BUFFER];
            for (int read; (read = data.read(buffer)) >= 0; ) {
                connection.write(buffer, 0, read);
            }
            connection.finish();
        } catch (IOException | RuntimeException e) {
            connection.close(); // Swift keeps nothing of a body cut short
            throw e;
        }
        KeepAliveHttp.Answer answer = connection.readAnswer();
        if (answer.status() != 201) {
            throw new IOException("Swift answered " + answer.status() + " to the upload of " + path);
        }
        String etag = answer.header("etag");
        return etag == null ? null : etag.replace("\"", "");
    }

    private void ensureContainer(URI account) throws IOException {
        if (containerMade) {
            return;
        }
        KeepAliveHttp.Answer made = KeepAliveHttp.exchange(account.getHost(), port(account), "PUT", account.getRawPath() + "/" + container,
                Map.of("X-Auth-Token", token.get()), null, CONNECT, READ);
        if (made.status() != 201 && made.status() != 202) {
            throw new IOException("Swift refused container " + container + ": " + made.status());
        }
        containerMade = true;
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
        URI object = objectUri(location);
        Map<String, String> headers = offset == 0 && length < 0 ? Map.of("X-Auth-Token", token.get())
                : Map.of("X-Auth-Token", token.get(), "Range", "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1));
        KeepAliveHttp.Streamed answer = KeepAliveHttp.request(object.getHost(), port(object), "GET", object.getRawPath(), headers, null,
                CONNECT, READ);
        int status = answer.head().status();
        if (status != 200 && status != 206) {
            answer.body().close();
            throw new IOException("Swift answered " + status + " for " + object.getRawPath());
        }
        return answer.body();
    }

    @Override
    public void delete(String location) throws IOException {
        URI object = objectUri(location);
        KeepAliveHttp.Answer head = KeepAliveHttp.exchange(object.getHost(), port(object), "HEAD", object.getRawPath(),
                Map.of("X-Auth-Token", token.get()), null, CONNECT, READ);
        if (head.status() == 404) {
            return;
        }
        // a segmented image goes with its segments; real Swift refuses multipart-manifest=delete on a plain object
        boolean segmented = "true".equalsIgnoreCase(head.header("x-static-large-object"));
        deleteObject(object, object.getRawPath(), segmented ? "?multipart-manifest=delete" : "");
    }

    private void deleteObject(URI server, String path, String query) throws IOException {
        KeepAliveHttp.Answer answer = KeepAliveHttp.exchange(server.getHost(), port(server), "DELETE", path + query,
                Map.of("X-Auth-Token", token.get()), null, CONNECT, READ);
        if (answer.status() / 100 != 2 && answer.status() != 404) {
            throw new IOException("Swift answered " + answer.status() + " to the delete of " + path);
        }
    }

    private static URI objectUri(String location) {
        return URI.create(location.substring("swift+".length()));
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }

    /** The next segment's bytes: at most {@code limit} of the image stream, which stays open. */
    private static final class SegmentInput extends InputStream {
        private final InputStream in;
        private final long limit;
        long count;

        SegmentInput(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        boolean full() {
            return count == limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (count >= limit) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, limit - count));
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }
}
