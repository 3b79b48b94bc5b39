package dev.passgate.passkey;

import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link Passkeys#finishAssertion}: who signed in, or why nobody did. */
public sealed interface AssertionResult {

    /**
     * Verified; the new counter, backup state and last use are stored.
     *
     * @param passkey the passkey as updated
     * @param userId  the account signed in to
     */
    record Verified(Passkey passkey, String userId) implements AssertionResult {
        public Verified {
            Objects.requireNonNull(passkey, "passkey");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * Refused; nothing changed.
     *
     * @param detail     for logs, in English; may name the check that failed, never a secret
     * @param credential the stored passkey the response named, when one was found; for
     *                   {@link AssertionFailure#UNKNOWN_CREDENTIAL}, the id that no passkey has. Anyone can name a
     *                   credential id (allowCredentials shows them): only a {@link AssertionFailure#POSSIBLE_CLONE},
     *                   refused after its signature verified, proves that passkey itself answered
     */
    record Refused(AssertionFailure reason, String detail, Optional<CredentialId> credential) implements AssertionResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(credential, "credential");
        }

        public Refused(AssertionFailure reason, String detail) {
            this(reason, detail, Optional.empty());
        }
    }
}
