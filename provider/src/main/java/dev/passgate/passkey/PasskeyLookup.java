package dev.passgate.passkey;

import java.util.List;
import java.util.Optional;

/** Registered passkeys, by account and by credential id. No method returns null. */
public interface PasskeyLookup {

    /** The account's passkeys, newest first; empty when it has none. */
    List<Passkey> forUser(String userId);

    Optional<Passkey> find(CredentialId id);

    int countForUser(String userId);

    /**
     * The WebAuthn user handle ({@code user.id}) that the account's passkeys carry, if it has any. A new passkey
     * reuses it, so that to every authenticator one account is one user and a new passkey replaces an older one
     * for the same account on the same authenticator instead of piling up beside it.
     */
    Optional<byte[]> userHandle(String userId);
}
