package dev.passgate.passkey;

/** Why a registration was refused. Nothing was stored in any of these cases. */
public enum RegistrationFailure {
    /** The response is not a parsable {@code RegistrationResponseJSON}, or lacks required parts. */
    MALFORMED,
    /** Signed over another challenge: stale, replayed, or from another ceremony (L3 §7.1 step 8). */
    CHALLENGE_MISMATCH,
    /** Created on a page outside the configured origins, or in a cross-origin frame (L3 §7.1 step 9). */
    BAD_ORIGIN,
    /** Scoped to another relying party id (L3 §7.1 step 13). */
    BAD_RP_ID,
    /** The authenticator did not test user presence (L3 §7.1 step 14). */
    USER_PRESENCE_MISSING,
    /** The authenticator did not verify the user (PIN, biometric) (L3 §7.1 step 15). */
    USER_VERIFICATION_MISSING,
    /** The key uses an algorithm not offered in {@code pubKeyCredParams} (L3 §7.1 step 19). */
    UNSUPPORTED_ALGORITHM,
    /** Backed up (BS) without being backup eligible (BE) (L3 §7.1 step 16). */
    BACKUP_FLAGS_INCONSISTENT,
    /** The credential id is registered already, to this or another account (L3 §7.1 step 26). */
    ALREADY_REGISTERED,
    /** The account holds the most passkeys allowed; replace one instead. */
    LIMIT_REACHED,
    /**
     * The account's passkeys carry another user handle than the one offered: another registration for it
     * finished in between. Start again.
     */
    USER_HANDLE_CONFLICT,
    /** Any other failed check (client data type, extensions, credential id length, attestation syntax). */
    VERIFICATION_FAILED
}
