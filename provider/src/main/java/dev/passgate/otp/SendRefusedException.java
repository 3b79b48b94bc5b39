package dev.passgate.otp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Why no code was sent. Checked, so every caller decides what the person sees. */
public final class SendRefusedException extends Exception {

    public enum Reason {
        /** The last code went out less than {@code passgate.otp.resend-after} ago; {@link #retryAt()} says when. */
        TOO_SOON,
        /** The account had {@code passgate.otp.max-sends-per-hour} codes in the last hour; {@link #retryAt()} says when. */
        HOURLY_CAP_REACHED,
        /** The channel could not take the message. Nothing changed: an earlier code of the flow still works. */
        DELIVERY_FAILED,
        /** The login spent all its tries; a new code would not restore them. Start a new sign-in. */
        TOO_MANY_ATTEMPTS,
        /** Resend without a code to resend: none was sent in this flow, or it was used already. */
        NO_CODE
    }

    private final Reason reason;
    private final transient Instant retryAt;

    private SendRefusedException(Reason reason, Instant retryAt, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAt = retryAt;
    }

    static SendRefusedException tooSoon(Instant allowedAt) {
        return new SendRefusedException(Reason.TOO_SOON, allowedAt, "a new code may be sent at " + allowedAt, null);
    }

    static SendRefusedException hourlyCapReached(Instant allowedAt) {
        return new SendRefusedException(Reason.HOURLY_CAP_REACHED, allowedAt,
                "hourly cap of codes for this account reached until " + allowedAt, null);
    }

    static SendRefusedException deliveryFailed(Channel channel, DeliveryException cause) {
        return new SendRefusedException(Reason.DELIVERY_FAILED, null, channel + " delivery failed: " + cause.getMessage(),
                cause);
    }

    static SendRefusedException tooManyAttempts() {
        return new SendRefusedException(Reason.TOO_MANY_ATTEMPTS, null, "this login spent all its tries", null);
    }

    static SendRefusedException noCode() {
        return new SendRefusedException(Reason.NO_CODE, null, "no code to resend in this flow", null);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOO_SOON} and {@link Reason#HOURLY_CAP_REACHED}: the first instant a send is allowed. */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
