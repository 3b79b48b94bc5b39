package dev.passgate.passkey;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One registered passkey: the WebAuthn credential record (L3 §4) plus what the account pages show.
 * Changed through the {@code with...} copies, never in place. Byte arrays are copied in and out.
 *
 * @param credentialId           the authenticator's id for it, unique across all accounts
 * @param userId                 the account it signs in to
 * @param userHandle             the WebAuthn {@code user.id}: 16 to 64 random bytes, the same for all of an
 *                               account's passkeys, never the account id or an email address (L3 §14.6.1)
 * @param attestedCredentialData as serialized by webauthn4j's converter: AAGUID, credential id and the
 *                               COSE public key
 * @param signCount              the authenticator's signature counter as last seen; 0 when it keeps none
 * @param transports             what the browser reported ({@code internal}, {@code hybrid}, {@code usb}...),
 *                               handed back in allow and exclude lists
 * @param backupEligible         BE: may be synced to other devices; fixed for the credential's life
 * @param backupState            BS: is currently backed up (synced); may change
 * @param uvInitialized          whether user verification was performed with it
 * @param aaguid                 the authenticator model as it claims (unattested: for naming only)
 * @param name                   what the account pages call it, e.g. "iCloud Keychain"
 * @param createdAt              when it was registered
 * @param lastUsedAt             when it last signed in; null until its first use
 * @param origin                 how it came to be: offered at sign-in, made to heal a failed one, added on the
 *                               account pages
 */
public record Passkey(
        CredentialId credentialId,
        String userId,
        byte[] userHandle,
        byte[] attestedCredentialData,
        long signCount,
        Set<String> transports,
        boolean backupEligible,
        boolean backupState,
        boolean uvInitialized,
        UUID aaguid,
        String name,
        Instant createdAt,
        Instant lastUsedAt,
        Origin origin) {

    /** How a passkey was created, for the account pages and the support console. */
    public enum Origin {
        /** Offered after a password sign-in (append) or after one with another device's passkey. */
        SIGN_IN,
        /** Made after a passkey failed, replacing it (autohealing). */
        HEALING,
        /** Added by the person on the account pages. */
        ACCOUNT,
        /** Made before Passgate recorded how. */
        UNKNOWN
    }

    /** The WebAuthn limit on {@code user.id} (L3 §5.4.3). */
    public static final int MAX_USER_HANDLE = 64;
    /** Below this a random handle would be guessable across a large user base. */
    public static final int MIN_USER_HANDLE = 16;

    public Passkey {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userHandle, "userHandle");
        Objects.requireNonNull(attestedCredentialData, "attestedCredentialData");
        Objects.requireNonNull(aaguid, "aaguid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        origin = origin == null ? Origin.UNKNOWN : origin;
        if (userId.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("userId and name must not be blank");
        }
        if (userHandle.length < MIN_USER_HANDLE || userHandle.length > MAX_USER_HANDLE) {
            throw new IllegalArgumentException("A user handle has " + MIN_USER_HANDLE + " to " + MAX_USER_HANDLE
                    + " bytes, not " + userHandle.length);
        }
        if (attestedCredentialData.length == 0) {
            throw new IllegalArgumentException("attestedCredentialData must not be empty");
        }
        if (signCount < 0 || signCount > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("signCount is an unsigned 32-bit number, not " + signCount);
        }
        if (backupState && !backupEligible) {
            throw new IllegalArgumentException("A passkey cannot be backed up (BS) without being backup eligible (BE)");
        }
        userHandle = userHandle.clone();
        attestedCredentialData = attestedCredentialData.clone();
        // Sorted, so the JSON handed to browsers does not change from one request to the next.
        transports = transports == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(transports));
    }

    @Override
    public byte[] userHandle() {
        return userHandle.clone();
    }

    @Override
    public byte[] attestedCredentialData() {
        return attestedCredentialData.clone();
    }

    /** This passkey after a verified sign-in (WebAuthn L3 §7.2 step 26). */
    public Passkey withUse(long newSignCount, boolean newBackupState, Instant at) {
        return new Passkey(credentialId, userId, userHandle, attestedCredentialData, newSignCount, transports,
                backupEligible, newBackupState, uvInitialized, aaguid, name, createdAt, Objects.requireNonNull(at, "at"), origin);
    }

    public Passkey withName(String newName) {
        return new Passkey(credentialId, userId, userHandle, attestedCredentialData, signCount, transports,
                backupEligible, backupState, uvInitialized, aaguid, newName, createdAt, lastUsedAt, origin);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Passkey p
                && credentialId.equals(p.credentialId) && userId.equals(p.userId)
                && Arrays.equals(userHandle, p.userHandle)
                && Arrays.equals(attestedCredentialData, p.attestedCredentialData)
                && signCount == p.signCount && transports.equals(p.transports)
                && backupEligible == p.backupEligible && backupState == p.backupState
                && uvInitialized == p.uvInitialized && aaguid.equals(p.aaguid) && name.equals(p.name)
                && createdAt.equals(p.createdAt) && Objects.equals(lastUsedAt, p.lastUsedAt) && origin == p.origin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(credentialId, userId, signCount, name, createdAt);
    }

    @Override
    public String toString() {
        return "Passkey[" + credentialId + ", user " + userId + ", \"" + name + "\", signCount " + signCount
                + ", BE " + backupEligible + ", BS " + backupState + ", last used " + lastUsedAt + "]";
    }
}
