package dev.passgate.passkey;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;

/**
 * A browser with webauthn4j-test's emulated authenticator, behind the JSON of WebAuthn L3: options JSON in,
 * {@code PublicKeyCredential.toJSON()} out. Also forges responses the emulator cannot be made to send (BS
 * without BE, UV missing at registration, another RP id, a lower counter, an unoffered algorithm), built
 * byte by byte after WebAuthn L3 §6.1 and signed with the credential's real private key.
 */
public final class TestAuthenticator {
    public static final String RP_ID = "login.example.com";
    public static final String ORIGIN = "https://login.example.com";
    /** "Apple Passwords" in the shipped AAGUID list. */
    static final UUID AAGUID = UUID.fromString("fbfc3007-154e-4ecc-8c0b-6e020557d7bd");

    static final int UP = 0x01, UV = 0x04, BE = 0x08, BS = 0x10, AT = 0x40;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectConverter CONVERTER = new ObjectConverter();

    final NoneAttestationAuthenticator authenticator;
    private final ClientPlatform platform;

    /** @param countsSignatures false: an authenticator that keeps no counter (sends 0), like most synced passkeys */
    public TestAuthenticator(boolean countsSignatures) {
        authenticator = new NoneAttestationAuthenticator(new AAGUID(AAGUID), 0, true, CONVERTER);
        authenticator.setCountUpEnabled(countsSignatures);
        platform = new ClientPlatform(new Origin(ORIGIN), new WebAuthnAuthenticatorAdaptor(authenticator));
    }

    public TestAuthenticator() {
        this(true);
    }

    /** {@code navigator.credentials.create()} on {@code origin}, as {@code RegistrationResponseJSON}. */
    public String create(String optionsJson, String origin) {
        platform.setOrigin(new Origin(origin));
        PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(creationOptions(optionsJson));
        AuthenticatorAttestationResponse r = credential.getResponse();
        JsonArrayBuilder transports = Json.createArrayBuilder().add("hybrid").add("internal");
        return credentialJson(credential.getRawId(), Json.createObjectBuilder()
                .add("clientDataJSON", b64(r.getClientDataJSON()))
                .add("attestationObject", b64(r.getAttestationObject()))
                .add("authenticatorData", b64(r.getAuthenticatorData()))
                .add("publicKey", b64(r.getPublicKey()))
                .add("publicKeyAlgorithm", r.getPublicKeyAlgorithm().getValue())
                .add("transports", transports));
    }

    public String create(String optionsJson) {
        return create(optionsJson, ORIGIN);
    }

    /** {@code navigator.credentials.get()} on {@code origin}, as {@code AuthenticationResponseJSON}. */
    public String get(String optionsJson, String origin) {
        platform.setOrigin(new Origin(origin));
        PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential = platform.get(requestOptions(optionsJson));
        AuthenticatorAssertionResponse r = credential.getResponse();
        return credentialJson(credential.getRawId(), Json.createObjectBuilder()
                .add("clientDataJSON", b64(r.getClientDataJSON()))
                .add("authenticatorData", b64(r.getAuthenticatorData()))
                .add("signature", b64(r.getSignature()))
                .add("userHandle", b64(r.getUserHandle())));
    }

    public String get(String optionsJson) {
        return get(optionsJson, ORIGIN);
    }

    /** The private key the emulator made for this credential. */
    PrivateKey privateKeyOf(CredentialId id) {
        return authenticator.lookup(id.bytes()).getPrivateKey().getPrivateKey();
    }

    /** A registration response with hand-made authenticator data (attestation "none": nothing to sign). */
    static String forgedRegistration(byte[] challenge, String rpId, int flags, byte[] credentialId, COSEKey key) {
        AuthenticatorData<?> authData = new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
                (byte) (flags | AT), 0, new AttestedCredentialData(new AAGUID(AAGUID), credentialId, key));
        @SuppressWarnings("unchecked")
        byte[] attestation = new AttestationObjectConverter(CONVERTER).convertToBytes(
                new AttestationObject((AuthenticatorData) authData, new NoneAttestationStatement()));
        return credentialJson(credentialId, Json.createObjectBuilder()
                .add("clientDataJSON", b64(clientData("webauthn.create", challenge, ORIGIN)))
                .add("attestationObject", b64(attestation)));
    }

    /**
     * An assertion with hand-made authenticator data: rpIdHash (32 bytes), flags (1), signCount (4, big-endian)
     * (WebAuthn L3 §6.1), signed over authData || SHA-256(clientDataJSON) (§6.3.3) with {@code key}.
     *
     * @param userHandle null to leave response.userHandle out
     */
    static String forgedAssertion(CredentialId id, PrivateKey key, byte[] userHandle, byte[] challenge, String rpId,
                                  int flags, long signCount) {
        byte[] authData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) flags).putInt((int) signCount).array();
        byte[] clientData = clientData("webauthn.get", challenge, ORIGIN);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(authData);
            signer.update(sha256(clientData));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        JsonObjectBuilder response = Json.createObjectBuilder()
                .add("clientDataJSON", b64(clientData))
                .add("authenticatorData", b64(authData))
                .add("signature", b64(signature));
        if (userHandle != null) {
            response.add("userHandle", b64(userHandle));
        }
        return credentialJson(id.bytes(), response);
    }

    static KeyPair keyPair(String curve) {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String credentialJson(byte[] rawId, JsonObjectBuilder response) {
        return Json.createObjectBuilder()
                .add("id", b64(rawId))
                .add("rawId", b64(rawId))
                .add("type", "public-key")
                .add("response", response)
                .add("authenticatorAttachment", "platform")
                .add("clientExtensionResults", JsonValue.EMPTY_JSON_OBJECT)
                .build().toString();
    }

    private static byte[] clientData(String type, byte[] challenge, String origin) {
        return Json.createObjectBuilder().add("type", type).add("challenge", b64(challenge)).add("origin", origin)
                .add("crossOrigin", false).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static PublicKeyCredentialCreationOptions creationOptions(String json) {
        JsonObject o = parse(json);
        JsonObject rp = o.getJsonObject("rp");
        JsonObject user = o.getJsonObject("user");
        JsonObject selection = o.getJsonObject("authenticatorSelection");
        List<PublicKeyCredentialParameters> algorithms = o.getJsonArray("pubKeyCredParams").getValuesAs(JsonObject.class)
                .stream().map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
                        COSEAlgorithmIdentifier.create(a.getInt("alg")))).toList();
        return new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity(rp.getString("id"), rp.getString("name")),
                new PublicKeyCredentialUserEntity(unb64(user.getString("id")), user.getString("name"),
                        user.getString("displayName")),
                new DefaultChallenge(unb64(o.getString("challenge"))),
                algorithms,
                o.getJsonNumber("timeout").longValue(),
                descriptors(o, "excludeCredentials"),
                new AuthenticatorSelectionCriteria(null, selection.getBoolean("requireResidentKey"),
                        ResidentKeyRequirement.create(selection.getString("residentKey")),
                        UserVerificationRequirement.create(selection.getString("userVerification"))),
                AttestationConveyancePreference.create(o.getString("attestation")),
                null);
    }

    private static PublicKeyCredentialRequestOptions requestOptions(String json) {
        JsonObject o = parse(json);
        return new PublicKeyCredentialRequestOptions(new DefaultChallenge(unb64(o.getString("challenge"))),
                o.getJsonNumber("timeout").longValue(), o.getString("rpId"), descriptors(o, "allowCredentials"),
                UserVerificationRequirement.create(o.getString("userVerification")), null);
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(JsonObject options, String name) {
        return options.getJsonArray(name).getValuesAs(JsonObject.class).stream()
                .map(d -> new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, unb64(d.getString("id")),
                        d.containsKey("transports")
                                ? d.getJsonArray("transports").getValuesAs(jakarta.json.JsonString.class).stream()
                                        .map(t -> AuthenticatorTransport.create(t.getString()))
                                        .collect(java.util.stream.Collectors.toSet())
                                : null))
                .toList();
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] unb64(String value) {
        return Base64.getUrlDecoder().decode(value);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
