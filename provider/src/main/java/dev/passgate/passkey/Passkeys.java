package dev.passgate.passkey;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import dev.passgate.config.WebAuthnSettings;

/**
 * Passkeys for Passgate accounts: the two WebAuthn ceremonies, each as a start and a finish.
 *
 * <pre>
 * registration (signed in):  startRegistration → browser create() → finishRegistration
 * sign-in:                   startAssertion    → browser get()    → finishAssertion
 * </pre>
 *
 * <p>Each call takes one options record and returns one result record; no WebAuthn library type crosses this
 * API. The caller keeps each start's challenge server-side, hands it back to the matching finish, and then
 * forgets it whatever the outcome: challenges are single use, and this class keeps no state between calls.
 * A refusal is a result, not an exception; exceptions mean a broken store or a programming error.
 *
 * <p>Both ceremonies require user verification: a passkey is the only factor, so it must be "something you
 * have" unlocked by "something you know or are". Thread-safe.
 */
public final class Passkeys {
    private static final int CHALLENGE_BYTES = 32;
    private static final int USER_HANDLE_BYTES = 32;

    private final RelyingParty rp;
    private final PasskeyLookup lookup;
    private final SecureRandom random = new SecureRandom();
    private final RegistrationCeremony registration;
    private final AssertionCeremony assertion;

    /**
     * Also registers Bouncy Castle as a JCA provider, once, if none is (ES256 verification about four times
     * cheaper than the JDK's on JDK 17).
     *
     * @param settings      the RP id and the origins responses may come from
     * @param lookup        where passkeys are read
     * @param store         where they are written
     * @param names         names new passkeys after their provider
     * @param clock         for {@link Passkey#createdAt()} and {@link Passkey#lastUsedAt()}
     * @param maxPerAccount the most passkeys one account may hold, at least 1
     */
    public Passkeys(WebAuthnSettings settings, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names, Clock clock,
                    int maxPerAccount) {
        this(settings, lookup, store, names, clock, maxPerAccount, BouncyCastle.register());
    }

    /** @param preferBouncyCastle false verifies with the JDK's providers (for the benchmark) */
    Passkeys(WebAuthnSettings settings, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names, Clock clock,
             int maxPerAccount, boolean preferBouncyCastle) {
        if (maxPerAccount < 1) {
            throw new IllegalArgumentException("maxPerAccount must be at least 1, not " + maxPerAccount);
        }
        this.rp = new RelyingParty(settings, preferBouncyCastle);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(clock, "clock");
        this.registration = new RegistrationCeremony(rp, lookup, store, names, clock, maxPerAccount);
        this.assertion = new AssertionCeremony(rp, lookup, store, clock);
    }

    /**
     * Offers a new passkey to a signed-in account (WebAuthn L3 §7.1 step 1): a discoverable credential with
     * user verification, no attestation, and the account's existing passkeys excluded (but the one being
     * replaced). The user handle is
     * the account's existing one, or 32 new random bytes for its first passkey.
     */
    public RegistrationStart startRegistration(RegistrationOptions options) {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        byte[] userHandle = lookup.userHandle(options.userId()).orElseGet(() -> randomBytes(USER_HANDLE_BYTES));
        List<Passkey> excluded = lookup.forUser(options.userId()).stream()
                .filter(p -> options.replacing().map(r -> !r.equals(p.credentialId())).orElse(true)).toList();
        String json = OptionsJson.creation(rp.id, userHandle, options, challenge, excluded);
        return new RegistrationStart(challenge, userHandle, json);
    }

    /**
     * Verifies a new passkey (WebAuthn L3 §7.1 steps 5 to 27) and stores it, named after its provider.
     * Refused when any check fails, when its credential id is registered to any account already, or when the
     * account holds {@code maxPerAccount} passkeys (not counting one being replaced).
     */
    public RegistrationResult finishRegistration(FinishRegistration request) {
        return registration.finish(request);
    }

    /**
     * Asks for a sign-in (WebAuthn L3 §7.2 step 1), with user verification. With a user id, the account's
     * passkeys are listed in {@code allowCredentials}; without one, the list is empty: a discoverable request,
     * as for conditional mediation (passkey autofill).
     */
    public AssertionStart startAssertion(AssertionOptions options) {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        List<Passkey> allowed = options.userId().map(lookup::forUser).orElse(List.of());
        return new AssertionStart(challenge, OptionsJson.request(rp.id, challenge, options.timeout(), allowed));
    }

    /**
     * Verifies a sign-in (WebAuthn L3 §7.2 steps 4 to 24) and records it (step 26): new counter, backup state,
     * time of use. A counter that does not increase past a non-zero stored value is refused as a possible
     * clone; authenticators that keep no counter (most synced passkeys) always send 0, so for them only the
     * single-use challenge stops a replayed response.
     */
    public AssertionResult finishAssertion(FinishAssertion request) {
        return assertion.finish(request);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
