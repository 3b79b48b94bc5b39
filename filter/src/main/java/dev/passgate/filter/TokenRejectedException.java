package dev.passgate.filter;

/**
 * A token from the provider failed validation: bad signature, wrong issuer or audience,
 * expired, replayed... The message says which check failed; it holds no token content.
 */
final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    TokenRejectedException(String message) {
        super(message);
    }

    TokenRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
