package dev.passgate.protocol.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Makes the signers of the provider's keys: with AWS's Corretto Crypto Provider (ACCP, the AWS-LC library, native code
 * shipped in the WAR) where it loads, else with the JDK's providers.
 *
 * <p>Why: a token's signature is most of what a token costs the provider. On the benchmark machine one RS256 signature
 * takes 1.2 ms with the JDK and 0.3 ms with ACCP, one ES256 signature 0.55 ms and 0.02 ms ({@code SigningBenchmark});
 * a refresh signs twice, a client_credentials grant once. The tokens are the same: RS256 (PKCS #1 v1.5) is
 * deterministic, so both give the same bytes, and verifiers need nothing new.
 *
 * <p>ACCP is handed to these signers only, never registered with {@code java.security.Security}: TLS, password
 * hashing, WebAuthn and the other applications in the server keep their providers. Where it cannot load (another
 * operating system or processor, no writable temporary folder for its library, or the library already loaded by an
 * earlier deployment of the WAR in the same JVM) or fails its self-tests, the JDK signs, and start-up says which.
 */
public final class JwsSigners {
    private static final Logger LOG = Logger.getLogger(JwsSigners.class.getName());

    /** ACCP, or null for the JDK's providers. */
    private final Provider provider;

    private JwsSigners(Provider provider) {
        this.provider = provider;
    }

    /** @param nativeAllowed {@code passgate.crypto.native}: false keeps the JDK's providers whatever this machine has */
    public static JwsSigners choose(boolean nativeAllowed) {
        if (!nativeAllowed) {
            LOG.info("Token signatures: the JDK's providers (passgate.crypto.native=false)");
            return new JwsSigners(null);
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
                LOG.warning(() -> "The native crypto provider did not load: " + accp.getLoadingError());
                return null;
            }
            accp.assertHealthy(); // its known-answer self-tests
            return accp;
        } catch (RuntimeException | LinkageError unusable) {
            LOG.warning(() -> "The native crypto provider is unusable here: " + unusable);
            return null;
        }
    }

    /** Whether the native provider signs (for the start-up log, the benchmark and the tests). */
    public boolean isNative() {
        return provider != null;
    }

    /** A signer for a private JWK, made once per key (the key is converted to the provider's form here, not per token). */
    public JWSSigner signer(JWK jwk, JWSAlgorithm alg) throws JOSEException {
        if (provider == null) {
            return new DefaultJWSSignerFactory().createJWSSigner(jwk, alg);
        }
        try {
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
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the native provider cannot take key " + jwk.getKeyID() + ": " + e.getMessage(), e);
        }
        return new DefaultJWSSignerFactory().createJWSSigner(jwk, alg);
    }

    /** The key in the provider's own form: handed a JDK key, ACCP would convert it again for every signature. */
    private PrivateKey translate(String algorithm, PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) KeyFactory.getInstance(algorithm, provider).translateKey(key);
    }
}
