package io.stratus.common.http;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The request context of the HTTP request being served. */
@RequestScoped
public class CurrentRequest {

    private RequestContext context = RequestContext.anonymous(null);

    public RequestContext context() {
        return context;
    }

    void set(RequestContext context) {
        this.context = context;
    }

    /** The context of an authenticated caller; 401 when the request carried no valid token. */
    public RequestContext authenticated() {
        if (!context.isAuthenticated()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return context;
    }
}
