package io.stratus.common.http;

import io.stratus.common.token.TokenClaims;
import io.stratus.common.token.TokenInvalidException;
import io.stratus.common.token.TokenValidator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.MDC;

/**
 * Reads `X-Auth-Token`, validates it locally and puts the caller into {@link CurrentRequest}.
 * A missing or bad token gets 401 with `WWW-Authenticate: Keystone uri=...` unless the resource is
 * {@link Unauthenticated}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenAuthFilter implements ContainerRequestFilter {

    public static final String TOKEN_HEADER = "X-Auth-Token";

    // looked up per request: filters are built at static init, before configuration can build the validator
    @Inject
    Instance<TokenValidator> validator;
    @Inject
    CurrentRequest current;
    @Inject
    ApiSettings settings;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean open = isUnauthenticated();
        String token = request.getHeaderString(TOKEN_HEADER);
        if (token == null || token.isEmpty()) {
            if (!open) {
                request.abortWith(ErrorResponses.unauthorized(settings.errorStyle(), settings.identityPublicUrl(),
                        "The request you have made requires authentication."));
            }
            return;
        }
        try {
            TokenClaims claims = validator.get().validate(token);
            current.set(claims.toContext(current.context().requestId()));
            MDC.put("user_id", claims.userId());
        } catch (TokenInvalidException e) {
            if (!open) {
                request.abortWith(ErrorResponses.unauthorized(settings.errorStyle(), settings.identityPublicUrl(),
                        "The request you have made requires authentication."));
            }
        }
    }

    private boolean isUnauthenticated() {
        if (resource == null || resource.getResourceMethod() == null) {
            return true; // no matched resource: let routing answer 404/405
        }
        return resource.getResourceMethod().isAnnotationPresent(Unauthenticated.class)
                || resource.getResourceClass().isAnnotationPresent(Unauthenticated.class);
    }
}
