package io.stratus.glance.api.service;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.glance.api.config.GlanceConfig;
import io.stratus.glance.api.registry.RegistryClient;
import io.stratus.glance.api.store.FileStore;
import io.stratus.glance.api.store.ImageStore;
import io.stratus.glance.api.store.Stores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Image bytes: upload (`PUT …/file`), download, staging and the interoperable import (glance-direct,
 * web-download). Bytes stream from the client or URL to the store with their checksums computed on
 * the way; an upload that fails leaves nothing in the store and the image `queued` again.
 */
@ApplicationScoped
public class ImageData {

    private static final Logger LOG = Logger.getLogger(ImageData.class);
    public static final List<String> IMPORT_METHODS = List.of("glance-direct", "web-download");

    @Inject
    ImageService images;

    @Inject
    RegistryClient registry;

    @Inject
    Stores stores;

    @Inject
    GlanceConfig config;

    private final ExecutorService imports = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "glance-import");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient web = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @PreDestroy
    void stop() {
        imports.shutdownNow();
    }

    /** What a download sends: which bytes of how many, and where they come from. */
    public record Download(long offset, long length, long total, boolean partial, String checksum, InputStream body) {
    }

    public void upload(String id, InputStream body, long contentLength, RequestContext caller) {
        Claim claim = claim(id, contentLength, caller, "upload_image", "saving");
        ingest(claim.image(), body, contentLength, claim.remaining(), "saving");
    }

    public Download download(String id, String range, RequestContext caller) {
        Map<String, Object> image = images.visible(id, caller);
        if (!ImageService.isOwner(image, caller) && "shared".equals(image.get("visibility"))
                && !"accepted".equals(images.memberStatus(image, caller))) {
            throw ApiException.forbidden("The image is shared with your project but the membership is not accepted.");
        }
        if ("deactivated".equals(image.get("status")) && !ImageService.isAdmin(caller)) {
            throw ApiException.forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }
        List<String> locations = ImageService.locations(image);
        if (locations.isEmpty() || !"active".equals(image.get("status")) && !"deactivated".equals(image.get("status"))) {
            return null; // no data: 204
        }
        long total = ((Number) image.get("size")).longValue();
        long offset = 0;
        long length = total;
        boolean partial = false;
        if (range != null) {
            long[] r = parseRange(range, total);
            offset = r[0];
            length = r[1] - r[0] + 1;
            partial = true;
        }
        String location = locations.get(0);
        try {
            InputStream body = stores.of(location).open(location, offset, length);
            return new Download(offset, length, total, partial, (String) image.get("checksum"), body);
        } catch (IOException e) {
            throw new ApiException(503, "The image data cannot be read from its store: " + e.getMessage());
        }
    }

    private record Claim(Map<String, Object> image, long remaining) {
    }

    /** A queued image the caller owns, moved to {@code toStatus} (409 if it is not queued), with the bytes its owner may still store. */
    private Claim claim(String id, long contentLength, RequestContext caller, String action, String toStatus) {
        Map<String, Object> image = images.owned(id, caller, action);
        String status = (String) image.get("status");
        if (!status.equals("queued")) {
            throw ApiException.conflict("Image status transition from " + status + " to " + toStatus + " is not allowed");
        }
        long remaining = images.remainingBytes((String) image.get("owner"));
        if (contentLength > remaining) {
            throw quotaExceeded(remaining);
        }
        registry.update(id, Map.of("expect_status", List.of("queued"), "values", Map.of("status", toStatus)));
        return new Claim(image, remaining);
    }

    // ------------------------------------------------------------------ import

    public void stage(String id, InputStream body, long contentLength, RequestContext caller) {
        long remaining = claim(id, contentLength, caller, "stage_image", "uploading").remaining();
        DigestingInputStream counted = DigestingInputStream.counting(body, Math.min(remaining, config.imageSizeCap()), contentLength);
        try {
            staging().add(id, counted, contentLength);
        } catch (IOException e) {
            restore(id, "uploading");
            if (e instanceof DigestingInputStream.TooLarge) {
                throw quotaExceeded(remaining);
            }
            if (e instanceof DigestingInputStream.CutShort) {
                throw ApiException.badRequest("Error reading the image data: " + e.getMessage());
            }
            LOG.warnf("staging image %s failed: %s", id, e.getMessage());
            throw uploadFailed("staging");
        }
    }

    public void startImport(String id, Map<String, Object> body, RequestContext caller) {
        Map<String, Object> image = images.owned(id, caller, "import_image");
        Object method = body.get("method");
        String name = method instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : null;
        if (name == null || !IMPORT_METHODS.contains(name)) {
            throw ApiException.badRequest("Import method " + name + " is not supported: use one of " + IMPORT_METHODS);
        }
        String status = (String) image.get("status");
        long remaining = images.remainingBytes((String) image.get("owner"));
        if (name.equals("glance-direct")) {
            if (!status.equals("uploading") || !Files.exists(stagedFile(id))) {
                throw ApiException.conflict("Image needs to be staged before 'glance-direct' method can be used");
            }
            registry.update(id, Map.of("expect_status", List.of("uploading"), "values", Map.of("status", "importing")));
            imports.submit(() -> importStaged(image, remaining));
        } else {
            String uri = String.valueOf(((Map<?, ?>) method).get("uri"));
            URI source;
            try {
                source = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("URI for web-download is not valid: " + uri);
            }
            if (!"http".equals(source.getScheme()) && !"https".equals(source.getScheme()) || source.getHost() == null) {
                throw ApiException.badRequest("URI for web-download does not pass filtering: only http and https are allowed");
            }
            int port = source.getPort() > 0 ? source.getPort() : source.getScheme().equals("https") ? 443 : 80;
            if (!config.webDownloadAllowedPorts().contains(port)) {
                throw ApiException.badRequest("URI for web-download does not pass filtering: port " + port + " is not allowed");
            }
            if (!status.equals("queued")) {
                throw ApiException.conflict("Image status transition from " + status + " to importing is not allowed");
            }
            registry.update(id, Map.of("expect_status", List.of("queued"), "values", Map.of("status", "importing")));
            imports.submit(() -> importFromWeb(image, source, remaining));
        }
    }

    private void importStaged(Map<String, Object> image, long remaining) {
        String id = (String) image.get("id");
        Path staged = stagedFile(id);
        try (InputStream in = Files.newInputStream(staged)) {
            ingest(image, in, Files.size(staged), remaining, "importing");
        } catch (IOException | RuntimeException e) {
            LOG.warnf("glance-direct import of %s failed: %s", id, e.toString());
            markFailedImport(id);
        } finally {
            deleteQuietly(staged);
        }
    }

    private void importFromWeb(Map<String, Object> image, URI source, long remaining) {
        String id = (String) image.get("id");
        try {
            HttpResponse<InputStream> answer = web.send(HttpRequest.newBuilder(source).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                if (answer.statusCode() != 200) {
                    throw new IOException(source + " answered " + answer.statusCode());
                }
                ingest(image, in, answer.headers().firstValueAsLong("Content-Length").orElse(-1), remaining, "importing");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("web-download import of %s failed: %s", id, e.toString());
            markFailedImport(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markFailedImport(id);
        }
    }

    private void markFailedImport(String id) {
        try {
            registry.update(id, Map.of("values", Map.of(), "properties", Map.of("os_glance_failed_import", stores.current().name())));
        } catch (RuntimeException e) {
            LOG.debugf("image %s gone before its failed import was recorded", id);
        }
    }

    // ------------------------------------------------------------------ the pipeline

    /** Streams bytes to the store and makes the image active; on failure nothing stays in the store and the image is queued. */
    private void ingest(Map<String, Object> image, InputStream source, long size, long remaining, String fromStatus) {
        String id = (String) image.get("id");
        long limit = Math.min(remaining, config.imageSizeCap());
        ImageStore store = stores.current();
        boolean storeTakesMd5 = store.reportsMd5(size);
        DigestingInputStream digesting = new DigestingInputStream(source, limit, size, !storeTakesMd5);
        ImageStore.Stored stored;
        try {
            stored = store.add(id, digesting, size);
        } catch (IOException | RuntimeException e) {
            digesting.abandon();
            throw failedToStore(e, id, store, digesting, remaining, fromStatus);
        }
        String location = stored.location();
        long count = digesting.count();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", "active");
        values.put("size", count);
        try {
            values.put("checksum", storeTakesMd5 ? stored.md5() : digesting.checksum());
            values.put("os_hash_algo", "sha512");
            values.put("os_hash_value", digesting.sha512());
        } catch (RuntimeException e) {
            stores.forget(id, List.of(location));
            restore(id, fromStatus);
            throw e;
        }
        Long virtual = digesting.qcow2VirtualSize();
        if (virtual == null && "raw".equals(image.get("disk_format"))) {
            virtual = count;
        }
        values.put("virtual_size", virtual);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("expect_status", List.of(fromStatus));
        change.put("values", values);
        change.put("locations", List.of(Map.of("url", location, "metadata", Map.of("store", store.name()))));
        try {
            registry.update(id, change);
        } catch (ApiException e) {
            stores.forget(id, List.of(location));
            if (e.status() == 404) {
                throw new ApiException(410, "Image " + id + " could not be found after upload. The image may have been deleted during the upload.");
            }
            throw e;
        }
    }

    /** The image back to queued, and the answer for a store that failed to keep the bytes. */
    private RuntimeException failedToStore(Exception failure, String id, ImageStore store, DigestingInputStream digesting, long remaining,
            String fromStatus) {
        restore(id, fromStatus);
        if (failure instanceof DigestingInputStream.TooLarge) {
            return remaining < config.imageSizeCap() ? quotaExceeded(remaining)
                    : new ApiException(413, "Image exceeds the storage quota: the largest image is " + config.imageSizeCap() + " bytes");
        }
        if (failure instanceof DigestingInputStream.CutShort) {
            return ApiException.badRequest("Error reading the image data: " + failure.getMessage());
        }
        if (failure instanceof IOException) {
            LOG.warnf("storing image %s in the %s store failed: %s", id, store.name(), failure.getMessage());
            return uploadFailed(store.name());
        }
        return failure instanceof ApiException api && api.status() == 503 && digesting.count() > 0 ? uploadFailed(store.name())
                : (RuntimeException) failure;
    }

    private void restore(String id, String fromStatus) {
        try {
            registry.update(id, Map.of("expect_status", List.of(fromStatus), "values", Map.of("status", "queued")));
        } catch (ApiException e) {
            LOG.debugf("image %s not restored to queued: %s", id, e.getMessage());
        }
    }

    private FileStore staging() {
        return new FileStore(Path.of(config.stagingDir()));
    }

    private Path stagedFile(String id) {
        return Path.of(config.stagingDir()).toAbsolutePath().resolve(id);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("staged data left at %s: %s", file, e.toString());
        }
    }

    /**
     * 500, as Glance answers a store's failure. Not 503: clients retry a 503 (keystoneauth does), and a
     * retried upload re-sends a stream already read in part, storing the rest of a file as the image.
     */
    private static ApiException uploadFailed(String store) {
        return new ApiException(500, "Failed to upload image data due to internal error: the " + store + " store could not keep it");
    }

    private static ApiException quotaExceeded(long remaining) {
        return new ApiException(413, "Denying attempt to upload image because it exceeds the quota: " + remaining
                + " bytes remaining in the project's image storage quota");
    }

    /** `bytes=a-b`, `bytes=a-`, `bytes=-n` within the image; 416 otherwise. @return {first, last} */
    static long[] parseRange(String header, long total) {
        String spec = header.trim();
        if (!spec.startsWith("bytes=") || spec.contains(",")) {
            throw new ApiException(416, "Invalid Range header: " + header);
        }
        String[] parts = spec.substring(6).split("-", -1);
        try {
            long first;
            long last;
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            if (parts[0].isEmpty()) {
                long suffix = Long.parseLong(parts[1]);
                first = Math.max(0, total - suffix);
                last = total - 1;
            } else {
                first = Long.parseLong(parts[0]);
                last = parts[1].isEmpty() ? total - 1 : Math.min(Long.parseLong(parts[1]), total - 1);
            }
            if (first > last || first >= total) {
                throw new ApiException(416, "Requested range not satisfiable: " + header);
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            throw new ApiException(416, "Invalid Range header: " + header);
        }
    }
}
