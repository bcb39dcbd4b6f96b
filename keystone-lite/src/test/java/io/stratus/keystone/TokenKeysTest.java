package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.common.token.Jws;
import io.stratus.common.token.TokenClaims;
import io.stratus.keystone.service.BootstrapService;
import io.stratus.keystone.token.KeyRepository;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys: published as JWKS, rotated without invalidating live tokens; expiry enforced; revocations published. */
@QuarkusTest
class TokenKeysTest {

    @Inject
    BootstrapService bootstrap;
    @Inject
    KeyRepository keys;

    @BeforeEach
    void setUp() {
        Fixture.bootstrap(bootstrap);
    }

    @Test
    void rotationKeepsLiveTokensValidAndPublishesTheNewKey() {
        String before = Fixture.adminToken();
        String oldKid = keyIdOf(before);
        String newKid = keys.rotate();
        assertNotEquals(oldKid, newKid);
        String after = Fixture.adminToken();
        org.junit.jupiter.api.Assertions.assertEquals(newKid, keyIdOf(after));
        given().get("/v3/OS-STRATUS/jwks").then().statusCode(200)
                .body("keys.kid", hasItem(oldKid)).body("keys.kid", hasItem(newKid))
                .body("keys[0].kty", equalTo("EC")).body("keys[0].crv", equalTo("P-256"));
        given().header("X-Auth-Token", before).get("/v3/auth/projects").then().statusCode(200);
        given().header("X-Auth-Token", after).get("/v3/auth/projects").then().statusCode(200);
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        String good = Fixture.adminToken();
        TokenClaims claims = new ObjectMapper().readValue(Base64.getUrlDecoder().decode(good.split("\\.")[1]), TokenClaims.class);
        long past = System.currentTimeMillis() / 1000 - 5;
        TokenClaims expired = new TokenClaims(claims.issuer(), claims.userId(), claims.userName(), claims.userDomainId(),
                claims.userDomainName(), claims.projectId(), claims.projectName(), claims.projectDomainId(), claims.projectDomainName(),
                null, null, null, claims.roles(), claims.methods(), List.of("expired-audit"), claims.issuedAtMillis() - 3_600_000,
                past, null, null, null);
        KeyRepository.SigningKey key = keys.current();
        String token = Jws.sign(new ObjectMapper().writeValueAsBytes(expired), key.keyId(), key.privateKey());
        given().header("X-Auth-Token", token).get("/v3/projects").then().statusCode(401);
        given().header("X-Auth-Token", good).header("X-Subject-Token", token).get("/v3/auth/tokens").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of(
                "methods", List.of("token"), "token", Map.of("id", token))))).post("/v3/auth/tokens").then().statusCode(401);
    }

    @Test
    void revocationsArePublishedForServices() {
        String admin = Fixture.adminToken();
        String victim = Fixture.adminToken();
        String audit = auditIdOf(victim);
        given().get("/v3/OS-STRATUS/revocations").then().statusCode(200).body("events.audit_id", not(hasItem(audit)));
        given().header("X-Auth-Token", admin).header("X-Subject-Token", victim).delete("/v3/auth/tokens").then().statusCode(204);
        given().get("/v3/OS-STRATUS/revocations").then().statusCode(200).body("events.audit_id", hasItem(audit));
        given().header("X-Auth-Token", admin).get("/v3/OS-REVOKE/events").then().statusCode(200).body("events.audit_id", hasItem(audit));
    }

    @Test
    void versionDiscovery() {
        given().get("/").then().statusCode(300).body("versions.values[0].id", equalTo("v3.14"))
                .body("versions.values[0].status", equalTo("stable"));
        given().get("/v3").then().statusCode(200).body("version.id", equalTo("v3.14"))
                .body("version.links[0].href", org.hamcrest.Matchers.endsWith("/v3/"));
    }

    private static String keyIdOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private static String auditIdOf(String token) {
        try {
            return new ObjectMapper().readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), TokenClaims.class).auditId();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
