package dev.passgate.passkey;

import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.CborConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.VerificationException;

import dev.passgate.config.WebAuthnSettings;

/** What both ceremonies expect of a response, and the webauthn4j objects they share (all thread-safe). */
final class RelyingParty {
    static final String NAME = "Passgate";

    /** Offered in this order of preference: ES256, EdDSA, RS256 (WebAuthn L3 §5.4 example; Windows Hello needs RS256). */
    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    final String id;
    final Set<Origin> origins;
    /*
     * Non-strict: attestation statements are parsed but not judged against trust anchors. Passgate asks for
     * attestation "none" and trusts a passkey because the signed-in account registered it, not because of
     * its make; the AAGUID only names it.
     */
    final WebAuthnManager manager;
    final AttestedCredentialDataConverter credentialData;
    private final boolean preferBouncyCastle;
    private final CborConverter cbor;

    RelyingParty(WebAuthnSettings settings, boolean preferBouncyCastle) {
        Objects.requireNonNull(settings, "settings");
        this.id = Objects.requireNonNull(settings.rpId(), "rpId");
        Set<Origin> allowed = new LinkedHashSet<>();
        settings.origins().forEach(o -> allowed.add(new Origin(o)));
        this.origins = Set.copyOf(allowed);
        ObjectConverter converter = new ObjectConverter();
        this.manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.credentialData = new AttestedCredentialDataConverter(converter);
        this.cbor = converter.getCborConverter();
        this.preferBouncyCastle = preferBouncyCastle;
    }

    /** The origins, RP id and challenge a response must show (L3 §7.1 steps 8, 9, 13; §7.2 steps 13, 14, 16). */
    ServerProperty expecting(byte[] challenge) {
        return new ServerProperty(origins, id, new DefaultChallenge(challenge));
    }

    /**
     * Reads what {@link #credentialData} wrote: AAGUID (16 bytes), credential id length (2, big-endian), credential
     * id, COSE public key (WebAuthn L3 §6.5.2). Not through the converter, which builds a new CBOR mapper on
     * every call: that was 60% of an assertion's cost. EC keys come back ready for Bouncy Castle, when preferred.
     */
    AttestedCredentialData storedCredential(byte[] attestedCredentialData) {
        ByteBuffer in = ByteBuffer.wrap(attestedCredentialData);
        byte[] aaguid = new byte[16];
        in.get(aaguid);
        byte[] credentialId = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(credentialId);
        byte[] coseKey = new byte[in.remaining()];
        in.get(coseKey);
        COSEKey key = cbor.readValue(coseKey, COSEKey.class);
        if (key == null) {
            throw new IllegalArgumentException("No credential public key in the stored credential data");
        }
        return new AttestedCredentialData(new AAGUID(aaguid), credentialId,
                preferBouncyCastle ? BouncyCastle.preferring(key) : key);
    }

    /** webauthn4j's message, except for challenges: its message quotes the expected one, which stays server-side. */
    static String detail(VerificationException e) {
        return e instanceof BadChallengeException ? "clientDataJSON.challenge is not this ceremony's challenge"
                : e.getMessage();
    }
}
