package io.stratus.common.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.context.RequestContext;
import io.stratus.common.http.ApiSettings;
import io.stratus.common.http.TokenValidation;
import io.stratus.common.rpc.RpcConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps this process's {@link RevocationList} current: the revocations already made are fetched from
 * identity at start, new ones arrive on the `stratus.revocations` fanout, so a revoked token stops
 * working here within the broadcast's latency.
 */
@ApplicationScoped
public class RevocationFeed {

    public static final String EXCHANGE = "stratus.revocations";
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RpcConnection rpc;
    @Inject
    RevocationList revocations;
    @Inject
    ApiSettings settings;

    /** Off in keystone-lite itself, which reads its revocations from its own database. */
    @ConfigProperty(name = "stratus.token.fetch-revocations-at-start", defaultValue = "true")
    boolean fetchAtStart;

    void onStart(@Observes StartupEvent event) {
        rpc.subscribe(EXCHANGE, message -> {
            try {
                revocations.add(JSON.treeToValue(message.payload(), RevocationEvent.class));
            } catch (java.io.IOException e) {
                LOG.warnf("ignoring a malformed revocation event: %s", e.getMessage());
            }
        });
        if (fetchAtStart) {
            Thread fetcher = new Thread(this::fetchUntilDone, "revocation-fetch");
            fetcher.setDaemon(true);
            fetcher.start();
        }
    }

    /** Sends a revocation to every service. */
    public void publish(RevocationEvent event) {
        rpc.fanout(EXCHANGE, JSON.valueToTree(event), RequestContext.anonymous(null));
    }

    private void fetchUntilDone() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(settings.identityUrl() + TokenValidation.REVOCATIONS_PATH);
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    for (JsonNode event : JSON.readTree(response.body()).path("events")) {
                        revocations.add(JSON.treeToValue(event, RevocationEvent.class));
                    }
                    return;
                }
            } catch (java.io.IOException e) {
                LOG.debugf("revocation list not reachable yet: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warnf("could not fetch the revocation list from %s; relying on the broadcast only", uri);
    }
}
