package dev.passgate.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

import org.junit.jupiter.api.Test;

import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

class BouncyCastleTest {

    @Test
    void preferringWhenEcKeyThenJcaPicksBouncyCastleAndSignatureVerifies() throws Exception {
        assertTrue(BouncyCastle.register());
        KeyPair pair = TestAuthenticator.keyPair("secp256r1");
        COSEKey key = BouncyCastle.preferring(EC2COSEKey.create((ECPublicKey) pair.getPublic(), COSEAlgorithmIdentifier.ES256));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(new byte[] {42});

        // What webauthn4j's AssertionSignatureVerifier does with the key:
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.getPublicKey());
        verifier.update(new byte[] {42});

        assertTrue(verifier.verify(signer.sign()));
        assertEquals("BC", verifier.getProvider().getName());
        assertEquals(COSEAlgorithmIdentifier.ES256, key.getAlgorithm());
    }

    @Test
    void registerWhenCalledTwiceThenOneProvider() {
        BouncyCastle.register();
        BouncyCastle.register();

        assertEquals(1, java.util.Arrays.stream(java.security.Security.getProviders())
                .filter(p -> p.getName().equals("BC")).count());
    }

    @Test
    void preferringWhenNotEcThenKeyUnchanged() {
        COSEKey rsa = com.webauthn4j.data.attestation.authenticator.RSACOSEKey.create(
                (java.security.interfaces.RSAPublicKey) rsaKey(), COSEAlgorithmIdentifier.RS256);

        assertSame(rsa, BouncyCastle.preferring(rsa));
    }

    static java.security.PublicKey rsaKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
