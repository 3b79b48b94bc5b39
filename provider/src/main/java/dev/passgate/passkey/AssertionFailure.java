package dev.passgate.passkey;

/** Why a sign-in with a passkey was refused. No stored state changed in any of these cases. */
public enum AssertionFailure {
    /** The response is not a parsable {@code AuthenticationResponseJSON}, or lacks required parts. */
    MALFORMED,
    /** No passkey with this credential id: never registered here, or deleted (L3 §7.2 step 6). */
    UNKNOWN_CREDENTIAL,
    /** The passkey belongs to another account than the one the sign-in was started for (L3 §7.2 step 6). */
    WRONG_ACCOUNT,
    /**
     * The response's user handle is not the passkey's, or is missing from a discoverable sign-in
     * (L3 §7.2 step 6).
     */
    USER_HANDLE_MISMATCH,
    /** Signed over another challenge: stale, replayed, or from another ceremony (L3 §7.2 step 13). */
    CHALLENGE_MISMATCH,
    /** Used on a page outside the configured origins, or in a cross-origin frame (L3 §7.2 step 14). */
    BAD_ORIGIN,
    /** Scoped to another relying party id (L3 §7.2 step 16). */
    BAD_RP_ID,
    /** The authenticator did not test user presence (L3 §7.2 step 17). */
    USER_PRESENCE_MISSING,
    /** The authenticator did not verify the user (PIN, biometric) (L3 §7.2 step 18). */
    USER_VERIFICATION_MISSING,
    /** BS without BE, or BE differs from registration (L3 §7.2 steps 19, 20). */
    BACKUP_FLAGS_INCONSISTENT,
    /** The signature does not verify with the passkey's public key (L3 §7.2 step 23). */
    BAD_SIGNATURE,
    /**
     * The signature counter did not increase past a non-zero stored value: two copies of the private key may
     * exist, or the response is a replay (L3 §7.2 step 24).
     */
    POSSIBLE_CLONE,
    /** Any other failed check (client data type, extensions, stored key unreadable). */
    VERIFICATION_FAILED
}
