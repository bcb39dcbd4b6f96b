package io.stratus.keystone.api;

import io.stratus.keystone.config.KeystoneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;

/** The URL identity is reached at, for links: configured, or else the one the client used. */
@ApplicationScoped
public class BaseUrl {

    @Inject
    KeystoneConfig config;

    public String of(UriInfo uri) {
        String base = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
