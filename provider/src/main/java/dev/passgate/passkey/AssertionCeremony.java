package dev.passgate.passkey;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.verifier.exception.VerificationException;

import dev.passgate.passkey.AssertionResult.Refused;

/** WebAuthn L3 §7.2, "Verifying an Authentication Assertion", from the response on. */
final class AssertionCeremony {
    private final RelyingParty rp;
    private final PasskeyLookup lookup;
    private final PasskeyStore store;
    private final Clock clock;

    AssertionCeremony(RelyingParty rp, PasskeyLookup lookup, PasskeyStore store, Clock clock) {
        this.rp = rp;
        this.lookup = lookup;
        this.store = store;
        this.clock = clock;
    }

    AssertionResult finish(FinishAssertion request) {
        // Steps 4, 9-11: decode the credential, the client data and the authenticator data.
        AuthenticationData data;
        CredentialId id;
        try {
            data = rp.manager.parseAuthenticationResponseJSON(request.responseJson());
            id = new CredentialId(data.getCredentialId());
        } catch (RuntimeException e) {
            return refused(AssertionFailure.MALFORMED, "Not an AuthenticationResponseJSON: " + e.getMessage());
        }

        // Step 6: identify the user and the credential record. Step 5 (allowCredentials) is covered too: those
        // were exactly the expected account's passkeys.
        Optional<Passkey> found = lookup.find(id);
        if (found.isEmpty()) {
            // The id named, though no passkey has it: the login tells the authenticator to forget it (Signal API).
            return new AssertionResult.Refused(AssertionFailure.UNKNOWN_CREDENTIAL, "No passkey " + id, Optional.of(id));
        }
        Passkey passkey = found.get();
        if (request.expectedUserId().isPresent() && !request.expectedUserId().get().equals(passkey.userId())) {
            return refused(AssertionFailure.WRONG_ACCOUNT, "Passkey " + id + " belongs to another account");
        }
        byte[] userHandle = data.getUserHandle();
        boolean handlePresent = userHandle != null && userHandle.length > 0;
        if (!handlePresent && request.expectedUserId().isEmpty()) {
            return refused(AssertionFailure.USER_HANDLE_MISMATCH, "A discoverable sign-in needs response.userHandle");
        }
        if (handlePresent && !MessageDigest.isEqual(userHandle, passkey.userHandle())) {
            return refused(AssertionFailure.USER_HANDLE_MISMATCH, "response.userHandle is not passkey " + id + "'s");
        }

        CredentialRecordImpl record;
        try {
            record = record(passkey);
        } catch (RuntimeException e) {
            return refused(AssertionFailure.VERIFICATION_FAILED, "Stored key of passkey " + id + " unreadable: " + e);
        }

        // Steps 12-24 by webauthn4j: type webauthn.get (12), challenge in constant time (13), origin and no
        // cross-origin frame (14), rpIdHash (16), UP (17), UV required (18), no BS without BE (19), BE as at
        // registration (20), extensions (21), signature over authData and the client data hash (22, 23), and
        // the counter (24): a value not above a non-zero stored one is refused as a possible clone.
        try {
            rp.manager.verify(data, new AuthenticationParameters(rp.expecting(request.expectedChallenge()), record,
                    null, true, true));
        } catch (VerificationException e) {
            return new Refused(VerificationFailures.classify(e, AssertionFailure.class), RelyingParty.detail(e), Optional.of(id));
        } catch (RuntimeException e) {
            return refused(AssertionFailure.MALFORMED, "Unreadable assertion: " + e.getMessage());
        }

        // Step 26: update the credential record.
        AuthenticatorData<?> authData = data.getAuthenticatorData();
        Instant now = clock.instant();
        store.recordUse(id, authData.getSignCount(), authData.isFlagBS(), now);
        return new AssertionResult.Verified(passkey.withUse(authData.getSignCount(), authData.isFlagBS(), now),
                passkey.userId());
    }

    private CredentialRecordImpl record(Passkey passkey) {
        AttestedCredentialData credential = rp.storedCredential(passkey.attestedCredentialData());
        Set<AuthenticatorTransport> transports = passkey.transports().stream()
                .map(AuthenticatorTransport::create).collect(Collectors.toSet());
        return new CredentialRecordImpl(null, passkey.uvInitialized(), passkey.backupEligible(), passkey.backupState(),
                passkey.signCount(), credential, null, null, null, transports);
    }

    private static Refused refused(AssertionFailure reason, String detail) {
        return new Refused(reason, detail == null ? reason.name() : detail);
    }
}
