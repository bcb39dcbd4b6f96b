package io.stratus.common.http;

import io.quarkus.arc.DefaultBean;
import io.stratus.common.token.JwksKeyResolver;
import io.stratus.common.token.KeyResolver;
import io.stratus.common.token.RevocationList;
import io.stratus.common.token.TokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires token validation for a service: keys from identity's JWKS, revocations in memory. */
@ApplicationScoped
public class TokenValidation {

    public static final String JWKS_PATH = "/v3/OS-STRATUS/jwks";
    public static final String REVOCATIONS_PATH = "/v3/OS-STRATUS/revocations";

    @ConfigProperty(name = "stratus.token.cache-size", defaultValue = "10000")
    int cacheSize;

    @Produces
    @DefaultBean
    @Singleton
    KeyResolver keyResolver(ApiSettings settings) {
        return new JwksKeyResolver(URI.create(settings.identityUrl() + JWKS_PATH), Duration.ofSeconds(2));
    }

    @Produces
    @Singleton
    RevocationList revocationList() {
        return new RevocationList();
    }

    @Produces
    @Singleton
    TokenValidator tokenValidator(KeyResolver keys, RevocationList revocations) {
        return new TokenValidator(keys, revocations, Clock.systemUTC(), cacheSize);
    }
}
