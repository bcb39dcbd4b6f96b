package io.stratus.common.token;

/** A token that cannot be accepted: malformed, forged, expired or revoked. The message is safe to show. */
public class TokenInvalidException extends RuntimeException {
    public TokenInvalidException(String message) {
        super(message, null, false, false);
    }
}
