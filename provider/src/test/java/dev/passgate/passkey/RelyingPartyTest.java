package dev.passgate.passkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.authenticator.RSACOSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

import dev.passgate.config.WebAuthnSettings;

class RelyingPartyTest {
    final WebAuthnSettings settings = new WebAuthnSettings(TestAuthenticator.RP_ID, List.of(TestAuthenticator.ORIGIN));

    @Test
    void storedCredentialWhenWrittenByConverterThenSameCredentialRead() {
        RelyingParty rp = new RelyingParty(settings, false);
        for (COSEKey key : List.of(
                EC2COSEKey.create((ECPublicKey) TestAuthenticator.keyPair("secp256r1").getPublic(), COSEAlgorithmIdentifier.ES256),
                RSACOSEKey.create((RSAPublicKey) BouncyCastleTest.rsaKey(), COSEAlgorithmIdentifier.RS256))) {
            AttestedCredentialData written = new AttestedCredentialData(new AAGUID(UUID.randomUUID()), new byte[300], key);

            AttestedCredentialData read = rp.storedCredential(rp.credentialData.convert(written));

            assertEquals(written.getAaguid(), read.getAaguid());
            assertArrayEquals(written.getCredentialId(), read.getCredentialId());
            assertEquals(key, read.getCOSEKey());
        }
    }

    @Test
    void storedCredentialWhenBouncyCastlePreferredThenEcKeyEncodedForIt() {
        RelyingParty rp = new RelyingParty(settings, true);
        EC2COSEKey key = EC2COSEKey.create((ECPublicKey) TestAuthenticator.keyPair("secp256r1").getPublic(),
                COSEAlgorithmIdentifier.ES256);

        COSEKey read = rp.storedCredential(rp.credentialData.convert(
                new AttestedCredentialData(new AAGUID(UUID.randomUUID()), new byte[16], key))).getCOSEKey();

        assertInstanceOf(BouncyCastle.EncodedPublicKey.class, read.getPublicKey());
        assertArrayEquals(key.getPublicKey().getEncoded(), read.getPublicKey().getEncoded());
    }
}
