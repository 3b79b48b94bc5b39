package dev.passgate.bench;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A passkey in software, as a platform authenticator answers (WebAuthn L3 §6.1, §6.5): one ES256 key, attestation
 * "none", flags UP|UV|BE|BS (a synced passkey), signature counter 0. Builds authenticatorData and clientDataJSON
 * itself and signs them with the JDK: what a browser and an authenticator send, with nothing of Passgate's code.
 */
public final class SoftwareAuthenticator {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int UP = 0x01, UV = 0x04, BE = 0x08, BS = 0x10, AT = 0x40;
    /** No AAGUID: the server names it "Passkey". */
    private static final byte[] AAGUID = new byte[16];

    private final KeyPair key;
    private final byte[] credentialId = new byte[32];
    private byte[] userHandle = new byte[0];

    public SoftwareAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 in this JDK", e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /**
     * {@code navigator.credentials.create()} answered: RegistrationResponseJSON.
     *
     * @param challenge the options' challenge (base64url); @param userHandle the options' user.id (base64url)
     */
    public String create(String rpId, String origin, String challenge, String userHandle) {
        this.userHandle = Base64.getUrlDecoder().decode(userHandle);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(UP | UV | BE | BS | AT);
        authData.writeBytes(new byte[4]); // signCount 0
        authData.writeBytes(AAGUID);
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        Cbor attestation = new Cbor().map(3).text("fmt").text("none").text("attStmt").map(0).text("authData")
                .bytes(authData.toByteArray());
        String clientData = clientData("webauthn.create", challenge, origin);
        return "{\"id\":\"" + credentialId() + "\",\"rawId\":\"" + credentialId() + "\",\"type\":\"public-key\","
                + "\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\",\"response\":{"
                + "\"clientDataJSON\":\"" + B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)) + "\","
                + "\"attestationObject\":\"" + B64.encodeToString(attestation.toByteArray()) + "\","
                + "\"transports\":[\"internal\",\"hybrid\"]}}";
    }

    /** {@code navigator.credentials.get()} answered: AuthenticationResponseJSON, signed over authData || SHA-256(clientDataJSON). */
    public String get(String rpId, String origin, String challenge) {
        byte[] authData = new byte[37];
        System.arraycopy(sha256(rpId.getBytes(StandardCharsets.UTF_8)), 0, authData, 0, 32);
        authData[32] = (byte) (UP | UV | BE | BS);
        byte[] clientData = clientData("webauthn.get", challenge, origin).getBytes(StandardCharsets.UTF_8);
        byte[] signature;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(authData);
            s.update(sha256(clientData));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return "{\"id\":\"" + credentialId() + "\",\"rawId\":\"" + credentialId() + "\",\"type\":\"public-key\","
                + "\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\",\"response\":{"
                + "\"clientDataJSON\":\"" + B64.encodeToString(clientData) + "\","
                + "\"authenticatorData\":\"" + B64.encodeToString(authData) + "\","
                + "\"signature\":\"" + B64.encodeToString(signature) + "\","
                + "\"userHandle\":\"" + B64.encodeToString(userHandle) + "\"}}";
    }

    /** COSE_Key for EC2 P-256 / ES256 (RFC 9053 §7.1.1): {1: 2, 3: -7, -1: 1, -2: x, -3: y}. */
    private byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) key.getPublic();
        return new Cbor().map(5).integer(1).integer(2).integer(3).integer(-7).integer(-1).integer(1)
                .integer(-2).bytes(coordinate(pub.getW().getAffineX())).integer(-3).bytes(coordinate(pub.getW().getAffineY()))
                .toByteArray();
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int from = Math.max(0, raw.length - 32);
        System.arraycopy(raw, from, out, 32 - (raw.length - from), raw.length - from);
        return out;
    }

    private static String clientData(String type, String challenge, String origin) {
        return "{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}";
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The few CBOR items (RFC 8949) an attestation object and a COSE key need, in canonical order as written. */
    static final class Cbor {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cbor map(int entries) {
            return head(5, entries);
        }

        Cbor text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(3, utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Cbor bytes(byte[] value) {
            head(2, value.length);
            out.writeBytes(value);
            return this;
        }

        Cbor integer(long value) {
            return value >= 0 ? head(0, value) : head(1, -1 - value);
        }

        private Cbor head(int major, long value) {
            if (value < 24) {
                out.write(major << 5 | (int) value);
            } else if (value < 256) {
                out.write(major << 5 | 24);
                out.write((int) value);
            } else {
                out.write(major << 5 | 25);
                out.write((int) (value >> 8));
                out.write((int) value);
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
