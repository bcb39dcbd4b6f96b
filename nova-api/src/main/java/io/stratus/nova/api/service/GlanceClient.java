package io.stratus.nova.api.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * glance-api's Image API as nova-api uses it, always with the caller's own token: what the caller may
 * not see (another project's private image) is not found, as Nova says it.
 */
@ApplicationScoped
public class GlanceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "nova.glance-url", defaultValue = "http://127.0.0.1:9292")
    String glanceUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The image as GET /v2/images/{id} shows it to the caller; empty when the caller cannot see it. */
    public Optional<Map<String, Object>> image(String imageId, String token) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8)))
                .GET(), token);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(body(response, "GET image"));
    }

    /** A new queued image for a snapshot: {@code fields} as POST /v2/images takes them. */
    public Map<String, Object> createImage(Map<String, Object> fields, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v2/images")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(fields)));
            HttpResponse<byte[]> response = send(request, token);
            if (response.statusCode() == 400 || response.statusCode() == 403 || response.statusCode() == 413) {
                throw new ApiException(response.statusCode(), "The Image service refused the snapshot image: "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return body(response, "create image");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String imageUrl(String imageId) {
        return glanceUrl + "/v2/images/" + imageId;
    }

    private URI uri(String path) {
        return URI.create(glanceUrl + path);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String token) {
        try {
            return http.send(request.header("X-Auth-Token", token == null ? "" : token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(503, "The Image service is unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted while asking the Image service");
        }
    }

    private static Map<String, Object> body(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(503, "The Image service failed (" + what + ": HTTP " + response.statusCode() + ")");
        }
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new ApiException(503, "The Image service answered " + what + " with a body that is not JSON");
        }
    }
}
