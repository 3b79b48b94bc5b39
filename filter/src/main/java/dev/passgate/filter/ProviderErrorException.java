package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.ErrorObject;

/**
 * The provider answered a token request with an OAuth error (RFC 6749 §5.2), e.g.
 * {@code invalid_grant} for a used code or a revoked refresh token.
 */
final class ProviderErrorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorObject error;

    ProviderErrorException(ErrorObject error) {
        super("The provider refused the token request: " + error.getCode());
        this.error = error;
    }

    ErrorObject error() {
        return error;
    }
}
