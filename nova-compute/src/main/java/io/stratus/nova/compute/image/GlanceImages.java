package io.stratus.nova.compute.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** glance-api as a compute host uses it, with the token of the user whose server it works for. */
public final class GlanceImages {

    private final String glanceUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GlanceImages(String glanceUrl) {
        this.glanceUrl = glanceUrl.endsWith("/") ? glanceUrl.substring(0, glanceUrl.length() - 1) : glanceUrl;
    }

    /** Where an image's bytes come from for this user. */
    public ImageSource source(String token) {
        return imageId -> {
            HttpResponse<InputStream> response = send(HttpRequest.newBuilder(file(imageId)).GET(), token, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("glance-api answered " + response.statusCode() + " for the data of image " + imageId);
            }
            return response.body();
        };
    }

    /** Uploads a snapshot's bytes into its queued image. */
    public void upload(String imageId, Path data, String token) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(file(imageId)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(data)), token, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException("glance-api refused the snapshot of image " + imageId + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Removes an image a failed snapshot leaves queued. */
    public void delete(String imageId, String token) throws IOException {
        send(HttpRequest.newBuilder(URI.create(glanceUrl + "/v2/images/" + imageId)).DELETE(), token, HttpResponse.BodyHandlers.discarding());
    }

    private URI file(String imageId) {
        if (!imageId.matches("[0-9a-fA-F-]{1,64}")) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        return URI.create(glanceUrl + "/v2/images/" + imageId + "/file");
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, String token, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request.header("X-Auth-Token", token == null ? "" : token).timeout(Duration.ofMinutes(30)).build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to glance-api", e);
        }
    }
}
