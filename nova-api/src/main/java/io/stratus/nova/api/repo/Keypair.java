package io.stratus.nova.api.repo;

import java.time.Instant;

/** A user's public key for the instances they boot. */
public record Keypair(long id, String userId, String name, String type, String publicKey, String fingerprint, Instant createdAt) {
}
