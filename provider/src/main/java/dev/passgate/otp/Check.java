package dev.passgate.otp;

import java.util.Objects;

/**
 * What a typed code turned out to be.
 *
 * @param attemptsLeft wrong tries the login may still make; above zero for {@link Outcome#WRONG}, zero otherwise
 */
public record Check(Outcome outcome, int attemptsLeft) {

    public enum Outcome {
        /** The code matched and is now used up. */
        VALID,
        /** Not the code (or not six digits); {@code attemptsLeft} more tries. */
        WRONG,
        /** The code's time is over: send a new one. */
        EXPIRED,
        /** The login spent all its tries: this code is dead, and sending again is refused; start a new sign-in. */
        TOO_MANY_ATTEMPTS,
        /** No code was sent in this flow, or it was used already. */
        NO_CODE
    }

    public Check {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.WRONG ? attemptsLeft < 1 : attemptsLeft != 0) {
            throw new IllegalArgumentException("attemptsLeft is above zero exactly when the outcome is WRONG");
        }
    }

    public static Check valid() {
        return new Check(Outcome.VALID, 0);
    }

    public static Check wrong(int attemptsLeft) {
        return new Check(Outcome.WRONG, attemptsLeft);
    }

    public static Check expired() {
        return new Check(Outcome.EXPIRED, 0);
    }

    public static Check tooManyAttempts() {
        return new Check(Outcome.TOO_MANY_ATTEMPTS, 0);
    }

    public static Check noCode() {
        return new Check(Outcome.NO_CODE, 0);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
