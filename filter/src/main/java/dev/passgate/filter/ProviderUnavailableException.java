package dev.passgate.filter;

/**
 * The provider could not be reached, or answered something that is not a protocol response
 * (an HTML error page, a 5xx). The user can only wait and retry; nothing is their fault.
 */
final class ProviderUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
