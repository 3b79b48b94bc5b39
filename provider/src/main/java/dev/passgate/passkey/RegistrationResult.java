package dev.passgate.passkey;

import java.util.Objects;

/** The outcome of {@link Passkeys#finishRegistration}: the stored passkey, or why there is none. */
public sealed interface RegistrationResult {

    /** Verified and stored. */
    record Registered(Passkey passkey) implements RegistrationResult {
        public Registered {
            Objects.requireNonNull(passkey, "passkey");
        }
    }

    /**
     * Refused; nothing stored.
     *
     * @param detail for logs, in English; may name the check that failed, never a secret
     */
    record Refused(RegistrationFailure reason, String detail) implements RegistrationResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
