package io.stratus.keystone.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashing of passwords and application credential secrets (Keystone's default hasher). bcrypt
 * reads only 72 bytes, so a longer secret is first reduced to its SHA-256: every byte counts.
 */
public final class PasswordHasher {

    private static final int MAX_BYTES = 72;
    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(String secret) {
        return BCrypt.withDefaults().hashToString(cost, prepared(secret));
    }

    public boolean matches(String secret, String hash) {
        if (secret == null || hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(prepared(secret), hash.toCharArray()).verified;
    }

    private static char[] prepared(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return secret.toCharArray();
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return ("sha256:" + java.util.Base64.getEncoder().encodeToString(digest)).toCharArray();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
