package io.stratus.common.http;

import io.stratus.common.error.ErrorStyle;
import jakarta.ws.rs.core.Response;

/** Builds OpenStack-shaped error responses. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(ErrorStyle style, int status, String message) {
        return Response.status(status).type(style.mediaType()).entity(style.body(status, message)).build();
    }

    /** A 401 that tells the client where to authenticate, as keystonemiddleware does. */
    public static Response unauthorized(ErrorStyle style, String identityPublicUrl, String message) {
        return Response.fromResponse(of(style, 401, message))
                .header("WWW-Authenticate", "Keystone uri=\"" + identityPublicUrl + "\"").build();
    }
}
