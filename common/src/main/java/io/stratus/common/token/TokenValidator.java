package io.stratus.common.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates keystone-lite tokens locally: signature against the published keys, expiry, revocation.
 * A token whose signature was verified once is remembered, so a busy client costs a map lookup, not
 * an ECDSA verification; expiry and revocation are still checked on every call.
 */
public final class TokenValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyResolver keys;
    private final RevocationList revocations;
    private final Clock clock;
    private final int cacheLimit;
    private final ConcurrentHashMap<String, TokenClaims> verified = new ConcurrentHashMap<>();

    public TokenValidator(KeyResolver keys, RevocationList revocations, Clock clock, int cacheLimit) {
        this.keys = keys;
        this.revocations = revocations;
        this.clock = clock;
        this.cacheLimit = cacheLimit;
    }

    public TokenClaims validate(String token) {
        if (token == null || token.isBlank()) {
            throw new TokenInvalidException("no token");
        }
        TokenClaims claims = verified.get(token);
        if (claims == null) {
            claims = verifySignature(token);
            if (verified.size() >= cacheLimit) {
                verified.clear();
            }
            verified.put(token, claims);
        }
        if (claims.expiresAt() <= clock.instant().getEpochSecond()) {
            verified.remove(token);
            throw new TokenInvalidException("token expired");
        }
        if (revocations.isRevoked(claims)) {
            throw new TokenInvalidException("token revoked");
        }
        return claims;
    }

    public RevocationList revocations() {
        return revocations;
    }

    private TokenClaims verifySignature(String token) {
        Jws.Parsed parsed = Jws.parse(token);
        ECPublicKey key = keys.find(parsed.keyId());
        if (key == null || !Jws.verify(parsed, key)) {
            throw new TokenInvalidException("token signature invalid");
        }
        try {
            TokenClaims claims = JSON.readValue(parsed.payload(), TokenClaims.class);
            if (claims.userId() == null) {
                throw new TokenInvalidException("token has no subject");
            }
            return claims;
        } catch (IOException e) {
            throw new TokenInvalidException("malformed token");
        }
    }
}
