package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.common.token.RevocationEvent;
import io.stratus.common.token.RevocationFeed;
import io.stratus.common.token.RevocationList;
import io.stratus.common.token.TokenInvalidException;
import io.stratus.common.token.TokenValidator;
import io.stratus.common.token.JwksKeyResolver;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Another service validating tokens with common (keys fetched from the JWKS, revocations from the
 * fanout) stops accepting a token within a second of its revocation in keystone-lite.
 */
@QuarkusTest
class RevocationBroadcastTest {

    @Inject
    BootstrapService bootstrap;

    @Test
    void aRevokedTokenFailsInAnotherServiceWithinASecond() throws Exception {
        Fixture.bootstrap(bootstrap);
        String admin = Fixture.adminToken();
        String victim = Fixture.adminToken();

        RevocationList otherServiceList = new RevocationList();
        TokenValidator otherService = new TokenValidator(
                new JwksKeyResolver(URI.create(Fixture.identityUrl() + "OS-STRATUS/jwks"), Duration.ofSeconds(1)),
                otherServiceList, Clock.systemUTC(), 1000);
        BlockingQueue<RevocationEvent> arrived = new ArrayBlockingQueue<>(16);
        try (RpcConnection rpc = new RpcConnection("127.0.0.1", 5672, "guest", "guest")) {
            rpc.subscribe(RevocationFeed.EXCHANGE, message -> {
                RevocationEvent event = new ObjectMapper().convertValue(message.payload(), RevocationEvent.class);
                otherServiceList.add(event);
                arrived.add(event);
            });
            assertEquals("admin", otherService.validate(victim).userName());

            long revokedAt = System.nanoTime();
            given().header("X-Auth-Token", admin).header("X-Subject-Token", victim).delete("/v3/auth/tokens").then().statusCode(204);
            RevocationEvent event = arrived.poll(1, TimeUnit.SECONDS);
            long latencyMillis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertNotNull(event, "no revocation broadcast within a second");
            assertThrows(TokenInvalidException.class, () -> otherService.validate(victim), "revoked after " + latencyMillis + " ms");
            otherService.validate(admin);
        }
    }
}
