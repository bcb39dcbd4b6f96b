package io.stratus.keystone.api;

import io.stratus.common.http.Unauthenticated;
import io.stratus.common.token.Jws;
import io.stratus.common.token.RevocationEvent;
import io.stratus.keystone.config.KeystoneConfig;
import io.stratus.keystone.service.RevocationService;
import io.stratus.keystone.token.KeyRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What services need to validate tokens locally: the public signing keys (JWKS) and the revocations
 * that still matter. Both are public: they carry no secret.
 */
@Path("/v3/OS-STRATUS")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    @Inject
    KeyRepository keys;
    @Inject
    RevocationService revocations;
    @Inject
    KeystoneConfig config;

    @GET
    @Path("/jwks")
    @Unauthenticated
    public Map<String, Object> jwks() {
        List<Map<String, Object>> published = new ArrayList<>();
        for (KeyRepository.SigningKey key : keys.activeKeys()) {
            String[] xy = Jws.jwkCoordinates(key.publicKey());
            published.add(Views.map("kty", "EC", "crv", "P-256", "use", "sig", "alg", "ES256", "kid", key.keyId(), "x", xy[0], "y", xy[1]));
        }
        return Map.of("keys", published);
    }

    @GET
    @Path("/revocations")
    @Unauthenticated
    public Map<String, Object> liveRevocations() {
        return Map.of("events", liveEvents());
    }

    private List<RevocationEvent> liveEvents() {
        return revocations.live(config.token().expiration().toMillis());
    }
}
