package io.stratus.keystone.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing of passwords and application credential secrets (Keystone's default hasher). */
public final class PasswordHasher {

    // bcrypt reads at most 72 bytes; Keystone truncates the same way
    private static final int MAX_BYTES = 72;
    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(String secret) {
        return BCrypt.withDefaults().hashToString(cost, truncated(secret));
    }

    public boolean matches(String secret, String hash) {
        if (secret == null || hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(truncated(secret), hash.toCharArray()).verified;
    }

    private static char[] truncated(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return secret.toCharArray();
        }
        return new String(bytes, 0, MAX_BYTES, StandardCharsets.UTF_8).toCharArray();
    }
}
