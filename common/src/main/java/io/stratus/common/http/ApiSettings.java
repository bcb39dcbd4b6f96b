package io.stratus.common.http;

import io.stratus.common.error.ErrorStyle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings every Stratus API service shares: its error shape and where identity lives. */
@ApplicationScoped
public class ApiSettings {

    @ConfigProperty(name = "stratus.api.error-style", defaultValue = "IDENTITY")
    ErrorStyle errorStyle;

    /** The URL services use to reach keystone-lite (JWKS, revocation events). */
    @ConfigProperty(name = "stratus.identity.url", defaultValue = "http://127.0.0.1:5000")
    String identityUrl;

    /** The URL clients are sent to in WWW-Authenticate; defaults to the internal one. */
    @ConfigProperty(name = "stratus.identity.public-url")
    Optional<String> identityPublicUrl;

    public ErrorStyle errorStyle() {
        return errorStyle;
    }

    public String identityUrl() {
        return stripSlash(identityUrl);
    }

    public String identityPublicUrl() {
        return stripSlash(identityPublicUrl.orElse(identityUrl));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
