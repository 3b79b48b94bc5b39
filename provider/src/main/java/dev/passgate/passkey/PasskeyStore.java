package dev.passgate.passkey;

import java.time.Instant;

/**
 * Changes to registered passkeys: add, replace, delete, record a use. Reading them is
 * {@link PasskeyLookup}. Safe for concurrent use by several nodes sharing one database.
 */
public interface PasskeyStore {

    /**
     * Stores a new passkey.
     *
     * @throws DuplicateCredentialException when a passkey with this credential id exists for this or any other
     *                                      account (WebAuthn L3 §7.1 step 26)
     */
    default void add(Passkey passkey) {
        add(passkey, Integer.MAX_VALUE);
    }

    /**
     * Stores a new passkey unless its account already holds {@code limit}. The count is taken under
     * a lock on the account, so two registrations finishing at once cannot exceed the limit.
     *
     * @throws LimitReachedException        when the account holds {@code limit} passkeys already
     * @throws DuplicateCredentialException when the credential id is registered already
     */
    void add(Passkey passkey, int limit);

    /**
     * Records a verified sign-in (WebAuthn L3 §7.2 step 26). The stored counter never moves backwards, even
     * when two sign-ins with one passkey race. Does nothing when the passkey was deleted meanwhile.
     */
    void recordUse(CredentialId id, long signCount, boolean backupState, Instant at);

    /** @return false when no passkey had this id */
    boolean delete(CredentialId id);

    /** What the account pages call it from now on. @return false when no passkey had this id */
    boolean rename(CredentialId id, String name);

    /**
     * Deletes {@code old} and adds {@code added} in one transaction, so that an account at its limit can swap
     * a passkey without ever holding one too many, or losing the old one when the new one cannot be stored.
     *
     * @throws IllegalArgumentException     when {@code old} is unknown or belongs to another account than
     *                                      {@code added}
     * @throws DuplicateCredentialException when {@code added}'s credential id is registered already (other than
     *                                      as {@code old})
     */
    void replace(CredentialId old, Passkey added);

    /** The credential id is registered already, to this or another account. */
    class LimitReachedException extends RuntimeException {
        public LimitReachedException(String userId, int limit) {
            super("Account " + userId + " already holds " + limit + " passkeys");
        }
    }

    /** The account's passkeys carry another user handle than this one (two first registrations raced). */
    class HandleConflictException extends RuntimeException {
        public HandleConflictException(String userId) {
            super("Account " + userId + " has passkeys under another user handle");
        }
    }

    class DuplicateCredentialException extends RuntimeException {
        public DuplicateCredentialException(CredentialId id, Throwable cause) {
            super("A passkey with credential id " + id + " is registered already", cause);
        }
    }
}
