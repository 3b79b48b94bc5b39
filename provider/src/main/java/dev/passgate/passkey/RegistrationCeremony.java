package dev.passgate.passkey;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.verifier.exception.VerificationException;

import dev.passgate.passkey.PasskeyStore.DuplicateCredentialException;
import dev.passgate.passkey.RegistrationResult.Refused;

/** WebAuthn L3 §7.1, "Registering a New Credential", from the response on. */
final class RegistrationCeremony {
    private final RelyingParty rp;
    private final PasskeyLookup lookup;
    private final PasskeyStore store;
    private final AuthenticatorNames names;
    private final Clock clock;
    private final int maxPerAccount;

    RegistrationCeremony(RelyingParty rp, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names, Clock clock,
                         int maxPerAccount) {
        this.rp = rp;
        this.lookup = lookup;
        this.store = store;
        this.names = names;
        this.clock = clock;
        this.maxPerAccount = maxPerAccount;
    }

    RegistrationResult finish(FinishRegistration request) {
        // Steps 5, 6, 12: decode the client data and the attestation object.
        RegistrationData data;
        try {
            data = rp.manager.parseRegistrationResponseJSON(request.responseJson());
        } catch (RuntimeException e) {
            return refused(RegistrationFailure.MALFORMED, "Not a RegistrationResponseJSON: " + e.getMessage());
        }

        // Steps 7-25 by webauthn4j: type webauthn.create (7), challenge in constant time (8), origin and no
        // cross-origin frame (9), rpIdHash (13), UP (14), UV required (15), no BS without BE (16), alg among
        // those offered (19), extensions (20), attestation syntax (21-24), credential id length (25).
        try {
            rp.manager.verify(data, new RegistrationParameters(rp.expecting(request.expectedChallenge()),
                    RelyingParty.ALGORITHMS, true, true));
        } catch (VerificationException e) {
            return refused(VerificationFailures.classify(e, RegistrationFailure.class), RelyingParty.detail(e));
        } catch (RuntimeException e) {
            return refused(RegistrationFailure.MALFORMED, "Unreadable registration response: " + e.getMessage());
        }

        AuthenticatorData<?> authData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authData.getAttestedCredentialData();
        CredentialId id;
        try {
            id = new CredentialId(credential.getCredentialId());
        } catch (IllegalArgumentException e) {
            return refused(RegistrationFailure.MALFORMED, e.getMessage());
        }

        // Step 26: the credential id is not registered to any account. Checked again, atomically, on storing.
        if (lookup.find(id).isPresent()) {
            return refused(RegistrationFailure.ALREADY_REGISTERED, "Credential " + id + " is registered already");
        }

        // One user handle per account: the authenticator stored this one with the key, and a discoverable
        // sign-in will present it (L3 §7.2 step 6).
        Optional<byte[]> handle = lookup.userHandle(request.userId());
        if (handle.isPresent() && !MessageDigest.isEqual(handle.get(), request.userHandle())) {
            return refused(RegistrationFailure.USER_HANDLE_CONFLICT,
                    "The account's passkeys carry another user handle than the one offered");
        }

        Optional<Passkey> replaced = request.replacing().flatMap(lookup::find)
                .filter(old -> old.userId().equals(request.userId()));
        int kept = lookup.countForUser(request.userId()) - (replaced.isPresent() ? 1 : 0);
        if (kept >= maxPerAccount) {
            return refused(RegistrationFailure.LIMIT_REACHED,
                    "The account holds " + kept + " passkeys, the most allowed is " + maxPerAccount);
        }

        // Step 27: store the credential record.
        UUID aaguid = credential.getAaguid().getValue();
        Passkey passkey = new Passkey(id, request.userId(), request.userHandle(), rp.credentialData.convert(credential),
                authData.getSignCount(), transports(data), authData.isFlagBE(), authData.isFlagBS(),
                authData.isFlagUV(), aaguid, names.nameOf(aaguid), clock.instant(), null, request.origin());
        try {
            save(passkey, replaced);
        } catch (DuplicateCredentialException e) {
            return refused(RegistrationFailure.ALREADY_REGISTERED, e.getMessage());
        } catch (PasskeyStore.LimitReachedException e) { // another registration of this account finished first
            return refused(RegistrationFailure.LIMIT_REACHED, e.getMessage());
        } catch (PasskeyStore.HandleConflictException e) {
            return refused(RegistrationFailure.USER_HANDLE_CONFLICT, e.getMessage());
        }
        return new RegistrationResult.Registered(passkey);
    }

    private void save(Passkey passkey, Optional<Passkey> replaced) {
        if (replaced.isEmpty()) {
            store.add(passkey, maxPerAccount);
            return;
        }
        try {
            store.replace(replaced.get().credentialId(), passkey);
        } catch (IllegalArgumentException deletedMeanwhile) {
            store.add(passkey, maxPerAccount); // the count is then what it would have been after the replacement
        }
    }

    private static Set<String> transports(RegistrationData data) {
        Set<AuthenticatorTransport> reported = data.getTransports();
        return reported == null ? Set.of()
                : reported.stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet());
    }

    private static Refused refused(RegistrationFailure reason, String detail) {
        return new Refused(reason, detail == null ? reason.name() : detail);
    }
}
