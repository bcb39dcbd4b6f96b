package io.stratus.common.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Public keys fetched from keystone-lite's JWKS document and cached; an unknown key id triggers a
 * refresh (rate limited, so forged key ids cannot make us hammer identity).
 */
public final class JwksKeyResolver implements KeyResolver {

    private static final Logger LOG = Logger.getLogger(JwksKeyResolver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI jwksUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long minRefreshIntervalMillis;
    private volatile Map<String, ECPublicKey> keys = Map.of();
    private volatile long lastRefresh;

    public JwksKeyResolver(URI jwksUri, Duration minRefreshInterval) {
        this.jwksUri = jwksUri;
        this.minRefreshIntervalMillis = minRefreshInterval.toMillis();
    }

    @Override
    public ECPublicKey find(String keyId) {
        ECPublicKey key = keys.get(keyId);
        if (key == null && refreshAllowed()) {
            refresh();
            key = keys.get(keyId);
        }
        return key;
    }

    private synchronized boolean refreshAllowed() {
        long now = System.currentTimeMillis();
        if (lastRefresh != 0 && now - lastRefresh < minRefreshIntervalMillis) {
            return false;
        }
        lastRefresh = now;
        return true;
    }

    /** Fetches the key set now; keeps the old set when identity cannot be reached. */
    public synchronized void refresh() {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warnf("JWKS fetch from %s answered %d", jwksUri, response.statusCode());
                return;
            }
            keys = parse(JSON.readTree(response.body()));
        } catch (java.io.IOException e) {
            LOG.warnf("JWKS fetch from %s failed: %s", jwksUri, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, ECPublicKey> parse(JsonNode document) {
        Map<String, ECPublicKey> parsed = new HashMap<>();
        for (JsonNode key : document.path("keys")) {
            if ("EC".equals(key.path("kty").asText()) && "P-256".equals(key.path("crv").asText())) {
                parsed.put(key.path("kid").asText(), Jws.publicKeyFromJwk(key.path("x").asText(), key.path("y").asText()));
            }
        }
        return Map.copyOf(parsed);
    }
}
