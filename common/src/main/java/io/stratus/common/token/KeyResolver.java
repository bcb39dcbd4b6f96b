package io.stratus.common.token;

import java.security.interfaces.ECPublicKey;

/** Finds the public key that verifies tokens signed under a key id. */
public interface KeyResolver {
    /** @return the key, or null when no key with that id is known even after a refresh */
    ECPublicKey find(String keyId);
}
