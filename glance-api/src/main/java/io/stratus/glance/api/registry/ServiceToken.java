package io.stratus.glance.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.ApiSettings;
import io.stratus.glance.api.config.GlanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * glance-api's own token (password auth as its service user, scoped to the service project), asked
 * for again a minute before it expires, and the catalog that came with it.
 */
@ApplicationScoped
public class ServiceToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    GlanceConfig config;

    @Inject
    ApiSettings api;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant renewAt = Instant.EPOCH;
    private volatile JsonNode catalog;

    public String token() {
        if (Instant.now().isAfter(renewAt)) {
            renew();
        }
        return token;
    }

    /** Forgets the token (the next call asks for a new one), as after a 401 from a service that revoked it. */
    public void invalidate() {
        renewAt = Instant.EPOCH;
    }

    /** The public URL of a service in the token's catalog, e.g. object-store. */
    public String endpoint(String type) {
        token();
        for (JsonNode service : catalog) {
            if (type.equals(service.path("type").asText())) {
                for (JsonNode endpoint : service.path("endpoints")) {
                    if ("public".equals(endpoint.path("interface").asText())) {
                        return endpoint.path("url").asText();
                    }
                }
            }
        }
        throw new ApiException(503, "no " + type + " endpoint in the catalog of glance's service user");
    }

    private synchronized void renew() {
        if (!Instant.now().isAfter(renewAt)) {
            return;
        }
        GlanceConfig.ServiceUser user = config.serviceUser();
        Map<String, Object> body = Map.of("auth", Map.of(
                "identity", Map.of("methods", new String[] {"password"}, "password", Map.of("user", Map.of(
                        "name", user.name(), "password", user.password(), "domain", Map.of("name", user.domain())))),
                "scope", Map.of("project", Map.of("name", user.project(), "domain", Map.of("name", user.domain())))));
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(api.identityUrl() + "/v3/auth/tokens"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 201) {
                throw new ApiException(503, "glance's service user cannot log in to identity (" + answer.statusCode() + ")");
            }
            JsonNode issued = JSON.readTree(answer.body()).path("token");
            Instant expires = Instant.parse(issued.path("expires_at").asText());
            catalog = issued.path("catalog");
            token = answer.headers().firstValue("X-Subject-Token").orElseThrow();
            renewAt = expires.minusSeconds(60);
        } catch (IOException e) {
            throw new ApiException(503, "identity cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }
}
