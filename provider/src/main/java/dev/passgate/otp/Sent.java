package dev.passgate.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * A code on its way: what the login page may show ("We sent a code to c•••@example.com") and when
 * it may offer to send another.
 */
public record Sent(Channel channel, String maskedDestination, Instant expiresAt, Instant resendAvailableAt) {
    public Sent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(maskedDestination, "maskedDestination");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(resendAvailableAt, "resendAvailableAt");
    }
}
