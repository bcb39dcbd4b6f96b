package io.stratus.nova.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.token.Jws;
import io.stratus.common.token.KeyResolver;
import io.stratus.common.token.TokenClaims;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;

/** Tokens as keystone-lite signs them, with a key of the tests' own that nova-api trusts here. */
public class TestTokens {

    static final KeyPair KEYS = Jws.generateKeyPair();

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    KeyResolver testKeys() {
        return kid -> "test".equals(kid) ? (ECPublicKey) KEYS.getPublic() : null;
    }

    static String token(String userId, String projectId, String... roles) {
        long now = System.currentTimeMillis();
        TokenClaims claims = new TokenClaims("keystone-lite", userId, userId, "default", "Default", projectId, "p", "default", "Default",
                null, null, null, Arrays.stream(roles).map(role -> new TokenClaims.Role(role, role)).toList(), List.of("password"),
                List.of("audit-" + now + "-" + userId), now, now / 1000 + 3600, null, null, null);
        try {
            return Jws.sign(new ObjectMapper().writeValueAsBytes(claims), "test", (ECPrivateKey) KEYS.getPrivate());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
