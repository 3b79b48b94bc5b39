package dev.passgate.protocol.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

import com.nimbusds.jose.JWSAlgorithm;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class JwsSignersTest {
    private static final JWTClaimsSet CLAIMS = new JWTClaimsSet.Builder().issuer("https://login.example.com").subject("u1")
            .audience("web").claim("scope", "openid").build();

    /** Where the WAR's native library is built for (Linux x86-64), it must load: a silent fall-back would hide a 4× cost. */
    @Test
    void nativeWhenOnLinuxX86ThenLoadedAndNeverRegisteredForTheRestOfTheServer() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertTrue(JwsSigners.choose(true).isNative());
        assertTrue(Arrays.stream(Security.getProviders()).noneMatch(p -> p.getName().contains("Corretto")),
                "the JVM's provider list is the server's, not ours to change");
    }

    /** The signer really is the native one, with the key in its own form (not a JDK key converted per signature). */
    @Test
    void signerWhenNativeChosenThenAccpWithItsOwnKey() throws Exception {
        JwsSigners signers = JwsSigners.choose(true);
        assumeTrue(signers.isNative(), "the native provider is checked to load by the test above");
        RSASSASigner rsa = (RSASSASigner) signers.signer(new RSAKeyGenerator(2048).keyID("r").generate(), JWSAlgorithm.RS256);
        assertTrue(rsa.getJCAContext().getProvider() instanceof AmazonCorrettoCryptoProvider);
        assertTrue(rsa.getPrivateKey().getClass().getName().startsWith("com.amazon.corretto.crypto.provider."));
        ECDSASigner ec = (ECDSASigner) signers.signer(new ECKeyGenerator(Curve.P_256).keyID("e").generate(), JWSAlgorithm.ES256);
        assertTrue(ec.getJCAContext().getProvider() instanceof AmazonCorrettoCryptoProvider);
    }

    /** A provider that cannot take the key (here: one with no algorithms at all) gives the JDK's signer, not an error. */
    @Test
    void signerWhenTheNativePathFailsThenTheJdksForThatKey() throws Exception {
        JwsSigners broken = new JwsSigners(new Provider("Nothing", "1", "no algorithms") {
            private static final long serialVersionUID = 1L;
        });
        RSAKey key = new RSAKeyGenerator(2048).keyID("r").generate();
        RSASSASigner signer = (RSASSASigner) broken.signer(key, JWSAlgorithm.RS256);
        assertNull(signer.getJCAContext().getProvider(), "the JDK's providers");
        assertEquals(sign(JwsSigners.jdk(), key, JWSAlgorithm.RS256).serialize(), sign(broken, key, JWSAlgorithm.RS256).serialize());
    }

    @Test
    void rs256WhenSignedNativelyThenTheJdksVeryBytes() throws Exception {
        assumeTrue(JwsSigners.choose(true).isNative(), "else the JDK against itself");
        RSAKey key = new RSAKeyGenerator(2048).keyID("r").generate();
        assertNative(JwsSigners.choose(true).signer(key, JWSAlgorithm.RS256));
        SignedJWT jdk = sign(JwsSigners.choose(false), key, JWSAlgorithm.RS256);
        SignedJWT fast = sign(JwsSigners.choose(true), key, JWSAlgorithm.RS256);
        assertEquals(jdk.serialize(), fast.serialize(), "PKCS #1 v1.5 is deterministic: one key, one header, one signature");
        assertTrue(SignedJWT.parse(fast.serialize()).verify(new RSASSAVerifier(key.toRSAPublicKey())));
    }

    @Test
    void es256WhenSignedNativelyThenTheJdkVerifiesItAndNotAnotherKeys() throws Exception {
        assumeTrue(JwsSigners.choose(true).isNative(), "else the JDK against itself");
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("o").generate();
        assertNative(JwsSigners.choose(true).signer(key, JWSAlgorithm.ES256));
        String token = sign(JwsSigners.choose(true), key, JWSAlgorithm.ES256).serialize();
        assertTrue(SignedJWT.parse(token).verify(new ECDSAVerifier(key.toECPublicKey())));
        assertFalse(SignedJWT.parse(token).verify(new ECDSAVerifier(other.toECPublicKey())));
    }

    @Test
    void jdkWhenNativeSwitchedOffThenNotNative() throws Exception {
        assertFalse(JwsSigners.choose(false).isNative());
        RSASSASigner signer = (RSASSASigner) JwsSigners.choose(false).signer(new RSAKeyGenerator(2048).generate(), JWSAlgorithm.RS256);
        assertNull(signer.getJCAContext().getProvider());
    }

    /** Else the comparison would be the JDK's against itself: the probe refusing the native signer falls back silently. */
    private static void assertNative(com.nimbusds.jose.JWSSigner signer) {
        assertTrue(((com.nimbusds.jose.jca.JCAAware<?>) signer).getJCAContext().getProvider() instanceof AmazonCorrettoCryptoProvider);
    }

    private static SignedJWT sign(JwsSigners signers, com.nimbusds.jose.jwk.JWK key, JWSAlgorithm alg) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), CLAIMS);
        jwt.sign(signers.signer(key, alg));
        return jwt;
    }
}
