package dev.passgate.protocol.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Makes the signers of the provider's keys: with AWS's Corretto Crypto Provider (ACCP, the AWS-LC library, native code
 * shipped in the WAR) where it loads, else with the JDK's providers.
 *
 * <p>Why: a token's signature is most of what a token costs the provider. On the benchmark machine one RS256 signature
 * takes 0.92 ms with the JDK and 0.28 ms with ACCP, one ES256 signature 0.46 ms and 0.021 ms ({@code SigningBenchmark});
 * a refresh signs twice, a client_credentials grant once. The tokens are the same: RS256 (PKCS #1 v1.5) is
 * deterministic, so both give the same bytes, and verifiers need nothing new.
 *
 * <p>ACCP is handed to these signers only, never registered with {@code java.security.Security}: TLS, password
 * hashing, WebAuthn and the other applications in the server keep their providers. ACCP's own start-up checks cover
 * its random generator and HMAC, not signatures, so each key's native signer proves itself before it is used: it signs
 * a probe that the JDK must verify (and, for RS256, must sign to the same bytes). Where ACCP does not load (not Linux
 * x86-64, a temporary folder mounted {@code noexec} or not writable: see the README) or a key's probe fails, the JDK
 * signs, and the log says so.
 */
public final class JwsSigners {
    private static final Logger LOG = Logger.getLogger(JwsSigners.class.getName());
    private static final Payload PROBE = new Payload("passgate signing probe");

    /** ACCP, or null for the JDK's providers. */
    private final Provider provider;

    JwsSigners(Provider provider) {
        this.provider = provider;
    }

    /** The JDK's providers, always. */
    public static JwsSigners jdk() {
        return new JwsSigners(null);
    }

    /** @param nativeAllowed {@code passgate.tokens.native-signing}: false keeps the JDK's providers whatever the machine */
    public static JwsSigners choose(boolean nativeAllowed) {
        if (!nativeAllowed) {
            LOG.info("Token signatures: the JDK's providers (passgate.tokens.native-signing=false)");
            return jdk();
        }
        Provider accp = loadAccp();
        LOG.info(() -> "Token signatures: " + (accp == null ? "the JDK's providers (the native provider did not load"
                + " on this machine)" : accp.getName() + " " + accp.getVersionStr()));
        return new JwsSigners(accp);
    }

    private static Provider loadAccp() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                LOG.log(Level.WARNING, "The native crypto provider did not load; the JDK signs", accp.getLoadingError());
                return null;
            }
            accp.assertHealthy();
            return accp;
        } catch (RuntimeException | LinkageError unusable) {
            LOG.log(Level.WARNING, "The native crypto provider is unusable here; the JDK signs", unusable);
            return null;
        }
    }

    /** Whether the native provider was chosen (each key's signer may still fall back, see {@link #signer}). */
    public boolean isNative() {
        return provider != null;
    }

    /**
     * A signer for a private JWK, made once per key: the key converted to the provider's form here, not per token,
     * then proven on a probe. Any failure of the native path while the signer is made gives the JDK's signer for this
     * key; a native signer that failed later, on a token, would fail that token (none has been seen).
     */
    public JWSSigner signer(JWK jwk, JWSAlgorithm alg) throws JOSEException {
        JWSSigner jdk = new DefaultJWSSignerFactory().createJWSSigner(jwk, alg); // the JVM's providers, as configured
        if (provider == null) {
            return jdk;
        }
        try {
            JWSSigner fast = nativeSigner(jwk);
            if (fast == null) {
                return jdk; // neither RSA nor EC: not a kind the provider makes
            }
            JWSSigner reference = pinned(new DefaultJWSSignerFactory().createJWSSigner(jwk, alg), alg); // not `jdk`: that
            if (proven(fast, reference, jwk, alg)) {                      // one keeps the JVM's configured providers
                return fast;
            }
            LOG.severe(() -> "The native provider signed key " + jwk.getKeyID() + "'s probe wrongly; the JDK signs with it");
        } catch (GeneralSecurityException | JOSEException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "The native provider cannot sign with key " + jwk.getKeyID() + "; the JDK signs with it", e);
        }
        return jdk;
    }

    private JWSSigner nativeSigner(JWK jwk) throws GeneralSecurityException, JOSEException {
        if (jwk instanceof RSAKey rsa) {
            RSASSASigner signer = new RSASSASigner(translate("RSA", rsa.toPrivateKey()));
            signer.getJCAContext().setProvider(provider);
            return signer;
        }
        if (jwk instanceof ECKey ec) {
            ECDSASigner signer = new ECDSASigner(translate("EC", ec.toPrivateKey()), ec.getCurve());
            signer.getJCAContext().setProvider(provider);
            return signer;
        }
        return null;
    }

    /**
     * The probe's reference: the JDK's own provider for the algorithm, named, so the probe compares with the JDK even
     * where a JVM-wide configuration put another provider (perhaps this very one) first. Where the JDK's provider is
     * absent, there is nothing trustworthy to compare with, and the native signer is not used.
     */
    private static <T extends com.nimbusds.jose.jca.JCAAware<com.nimbusds.jose.jca.JCAContext>> T pinned(T jca, JWSAlgorithm alg)
            throws GeneralSecurityException {
        String name = JWSAlgorithm.Family.EC.contains(alg) ? "SunEC" : "SunRsaSign";
        Provider jdk = Security.getProvider(name);
        if (jdk == null) {
            throw new GeneralSecurityException("the JDK's " + name + " provider, the probe's reference, is not installed");
        }
        jca.getJCAContext().setProvider(jdk);
        return jca;
    }

    /**
     * The native signature of the probe verifies with the JDK and the public key; RS256 also gives the JDK's bytes.
     * ECDSA needs a fresh nonce per signature: two probes must carry different r values, or anyone holding two
     * tokens would hold the private key.
     */
    private static boolean proven(JWSSigner fast, JWSSigner jdk, JWK jwk, JWSAlgorithm alg)
            throws JOSEException, GeneralSecurityException {
        JWSObject byNative = new JWSObject(new JWSHeader(alg), PROBE);
        byNative.sign(fast);
        JWSVerifier verifier = pinned(new DefaultJWSVerifierFactory().createJWSVerifier(new JWSHeader(alg),
                jwk instanceof RSAKey rsa ? rsa.toRSAPublicKey() : ((ECKey) jwk).toECPublicKey()), alg);
        if (!byNative.verify(verifier)) {
            return false;
        }
        if (!alg.getName().startsWith("RS")) {
            // A nonce used twice gives the key away from any two signatures, whatever they sign: a second probe with
            // other content must verify too and carry another r (the first half of a JOSE ECDSA signature).
            JWSObject other = new JWSObject(new JWSHeader(alg), new Payload("passgate signing probe, second"));
            other.sign(fast);
            if (!other.verify(verifier)) {
                return false;
            }
            byte[] first = byNative.getSignature().decode();
            byte[] second = other.getSignature().decode();
            int half = first.length / 2;
            return second.length == first.length
                    && !java.util.Arrays.equals(first, 0, half, second, 0, half);
        }
        JWSObject byJdk = new JWSObject(new JWSHeader(alg), PROBE);
        byJdk.sign(jdk);
        return byJdk.getSignature().equals(byNative.getSignature());
    }

    /** The key in the provider's own form: handed a JDK key, ACCP would convert it again for every signature. */
    private PrivateKey translate(String algorithm, PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) KeyFactory.getInstance(algorithm, provider).translateKey(key);
    }
}
