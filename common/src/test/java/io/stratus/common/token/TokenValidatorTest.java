package io.stratus.common.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local validation: signature, expiry, revocation by audit id, user and project. */
class TokenValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair keys = Jws.generateKeyPair();
    private final RevocationList revocations = new RevocationList();
    private final Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private final TokenValidator validator = new TokenValidator(
            kid -> "k1".equals(kid) ? (ECPublicKey) keys.getPublic() : null, revocations, Clock.fixed(now, ZoneOffset.UTC), 1000);

    private TokenClaims claims(String audit, long issuedAtMillis, long expiresAt) {
        return new TokenClaims("keystone-lite", "user-1", "alice", "default", "Default", "project-1", "demo", "default", "Default",
                null, null, null, List.of(new TokenClaims.Role("r1", "member")), List.of("password"), List.of(audit),
                issuedAtMillis, expiresAt, null, null, null);
    }

    private String sign(TokenClaims claims, String kid) throws Exception {
        return Jws.sign(JSON.writeValueAsBytes(claims), kid, (ECPrivateKey) keys.getPrivate());
    }

    @Test
    void acceptsAValidTokenAndCarriesItsClaims() throws Exception {
        String token = sign(claims("a1", now.toEpochMilli() - 1000, now.getEpochSecond() + 3600), "k1");
        TokenClaims validated = validator.validate(token);
        assertEquals("alice", validated.userName());
        assertEquals("project-1", validated.toContext("req-1").projectId());
        assertEquals(java.util.Set.of("member"), validated.toContext("req-1").roles());
    }

    @Test
    void rejectsExpiredTokens() throws Exception {
        String token = sign(claims("a2", now.toEpochMilli() - 7_200_000, now.getEpochSecond() - 1), "k1");
        assertEquals("token expired", assertThrows(TokenInvalidException.class, () -> validator.validate(token)).getMessage());
    }

    @Test
    void rejectsForgedAndTamperedTokens() throws Exception {
        String token = sign(claims("a3", now.toEpochMilli(), now.getEpochSecond() + 60), "k1");
        KeyPair other = Jws.generateKeyPair();
        String forged = Jws.sign(JSON.writeValueAsBytes(claims("a3", now.toEpochMilli(), now.getEpochSecond() + 60)), "k1",
                (ECPrivateKey) other.getPrivate());
        assertThrows(TokenInvalidException.class, () -> validator.validate(forged));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("member", "admin");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        assertThrows(TokenInvalidException.class, () -> validator.validate(tampered));
        String unknownKey = sign(claims("a3", now.toEpochMilli(), now.getEpochSecond() + 60), "k2");
        assertThrows(TokenInvalidException.class, () -> validator.validate(unknownKey));
        for (String garbage : new String[] {"", "x", "a.b", "a.b.c", "....", token + "."}) {
            assertThrows(TokenInvalidException.class, () -> validator.validate(garbage), garbage);
        }
    }

    @Test
    void revocationsApplyEvenToCachedTokens() throws Exception {
        long issued = now.toEpochMilli() - 5000;
        String token = sign(claims("a4", issued, now.getEpochSecond() + 60), "k1");
        validator.validate(token); // now cached
        revocations.add(new RevocationEvent("a4", null, null, null, now.toEpochMilli()));
        assertEquals("token revoked", assertThrows(TokenInvalidException.class, () -> validator.validate(token)).getMessage());

        String userToken = sign(claims("a5", issued, now.getEpochSecond() + 60), "k1");
        validator.validate(userToken);
        revocations.add(new RevocationEvent(null, null, "user-1", "project-9", now.toEpochMilli()));
        validator.validate(userToken); // another project: untouched
        revocations.add(new RevocationEvent(null, null, "user-1", null, issued - 1));
        validator.validate(userToken); // issued after that event
        revocations.add(new RevocationEvent(null, null, "user-1", null, issued));
        assertThrows(TokenInvalidException.class, () -> validator.validate(userToken));
    }
}
