package dev.passgate.passkey;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.COSEKeyOperation;
import com.webauthn4j.data.attestation.statement.COSEKeyType;

/**
 * Bouncy Castle for passkey signatures: on JDK 17 it verifies ES256 about four times faster than SunEC
 * (figures from {@code AssertionBenchmark}).
 *
 * <p>webauthn4j verifies with {@code Signature.getInstance(name)}, which binds to the first provider that
 * accepts the key at {@code initVerify}. Putting BC first in the provider list would hand it every algorithm
 * of every application in the server (AES too, without the JDK's intrinsics), and the per-algorithm
 * preference {@code jdk.security.provider.preferred} is read only at JVM start. So BC is only appended, and
 * EC credential keys reach webauthn4j in encoded form: a {@link PublicKey} that is not an
 * {@code ECPublicKey}, which SunEC declines and BC decodes. RSA and EdDSA keys stay with the JDK.
 */
final class BouncyCastle {
    private static final Logger LOG = Logger.getLogger(BouncyCastle.class.getName());
    private static final String NAME = BouncyCastleProvider.PROVIDER_NAME;
    private static boolean usable;

    private BouncyCastle() {
    }

    /**
     * Appends BC to the JCA providers unless one of that name is registered, then checks that an encoded EC
     * key really verifies through it.
     *
     * @return false when that cannot be arranged (a security manager, an old BC of the server's): signatures
     *         are then verified by the JDK's providers as usual
     */
    static synchronized boolean register() {
        if (usable && Security.getProvider(NAME) != null) {
            return true;
        }
        try {
            if (Security.getProvider(NAME) == null) {
                Security.addProvider(new BouncyCastleProvider());
            }
            usable = verifiesEncodedKeys();
            return usable;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Bouncy Castle unavailable; passkey signatures verified by the JDK's providers", e);
            return false;
        }
    }

    /** The key webauthn4j should verify with: EC keys in encoded form (so BC verifies), others as they are. */
    static COSEKey preferring(COSEKey key) {
        return key instanceof EC2COSEKey ec ? new EncodedEc2Key(ec) : key;
    }

    private static boolean verifiesEncodedKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] data = {1, 2, 3};
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(new EncodedPublicKey(pair.getPublic()));
        verifier.update(data);
        boolean ok = verifier.verify(signature) && NAME.equals(verifier.getProvider().getName());
        if (!ok) {
            LOG.warning("Bouncy Castle does not verify encoded EC keys here; passkey signatures verified by the JDK");
        }
        return ok;
    }

    /** A public key as its X.509 encoding only: no provider-specific class, so SunEC does not claim it. */
    record EncodedPublicKey(String algorithm, byte[] encoded) implements PublicKey {
        EncodedPublicKey(PublicKey key) {
            this(key.getAlgorithm(), key.getEncoded());
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return encoded.clone();
        }
    }

    /** An EC2 COSE key whose public key comes out encoded; everything else as the original. */
    private static final class EncodedEc2Key implements COSEKey {
        private final EC2COSEKey key;
        private final PublicKey publicKey;

        EncodedEc2Key(EC2COSEKey key) {
            this.key = key;
            PublicKey decoded = key.getPublicKey();
            this.publicKey = decoded == null ? null : new EncodedPublicKey(decoded);
        }

        @Override
        public boolean hasPublicKey() {
            return key.hasPublicKey();
        }

        @Override
        public boolean hasPrivateKey() {
            return false;
        }

        @Override
        public PublicKey getPublicKey() {
            return publicKey;
        }

        @Override
        public PrivateKey getPrivateKey() {
            return null;
        }

        @Override
        public COSEKeyType getKeyType() {
            return key.getKeyType();
        }

        @Override
        public byte[] getKeyId() {
            return key.getKeyId();
        }

        @Override
        public COSEAlgorithmIdentifier getAlgorithm() {
            return key.getAlgorithm();
        }

        @Override
        public List<COSEKeyOperation> getKeyOps() {
            return key.getKeyOps();
        }

        @Override
        public byte[] getBaseIV() {
            return key.getBaseIV();
        }

        @Override
        public void validate() {
            key.validate();
        }
    }
}
