package dev.passgate.passkey;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * The WebAuthn L3 options as JSON (§5.1.5 / §5.1.6 {@code ...OptionsJSON}): binary values base64url
 * without padding, ready for {@code PublicKeyCredential.parseCreationOptionsFromJSON()} and
 * {@code parseRequestOptionsFromJSON()}.
 */
final class OptionsJson {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private OptionsJson() {
    }

    /** {@code PublicKeyCredentialCreationOptionsJSON} (L3 §5.4). */
    static String creation(String rpId, byte[] userHandle, RegistrationOptions options, byte[] challenge,
                           List<Passkey> existing) {
        JsonArrayBuilder algorithms = JSON.createArrayBuilder();
        RelyingParty.ALGORITHMS.forEach(a -> algorithms.add(JSON.createObjectBuilder()
                .add("type", "public-key").add("alg", a.getAlg().getValue())));
        return JSON.createObjectBuilder()
                .add("rp", JSON.createObjectBuilder().add("id", rpId).add("name", RelyingParty.NAME))
                .add("user", JSON.createObjectBuilder()
                        .add("id", BASE64URL.encodeToString(userHandle))
                        .add("name", options.username())
                        .add("displayName", options.displayName()))
                .add("challenge", BASE64URL.encodeToString(challenge))
                .add("pubKeyCredParams", algorithms)
                .add("timeout", options.timeout().toMillis())
                // The account's passkeys, so an authenticator that holds one says so instead of making a second.
                .add("excludeCredentials", descriptors(existing))
                .add("authenticatorSelection", JSON.createObjectBuilder()
                        .add("residentKey", "required")
                        .add("requireResidentKey", true) // for WebAuthn L1 browsers
                        .add("userVerification", "required"))
                .add("attestation", "none")
                .build().toString();
    }

    /**
     * {@code PublicKeyCredentialRequestOptionsJSON} (L3 §5.5). An empty {@code allowed} list makes a
     * discoverable request: the authenticator offers whichever of its passkeys for this RP id the user picks.
     */
    static String request(String rpId, byte[] challenge, Duration timeout, List<Passkey> allowed) {
        return JSON.createObjectBuilder()
                .add("challenge", BASE64URL.encodeToString(challenge))
                .add("timeout", timeout.toMillis())
                .add("rpId", rpId)
                .add("allowCredentials", descriptors(allowed))
                .add("userVerification", "required")
                .build().toString();
    }

    private static JsonArrayBuilder descriptors(List<Passkey> passkeys) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (Passkey p : passkeys) {
            JsonObjectBuilder descriptor = JSON.createObjectBuilder()
                    .add("type", "public-key")
                    .add("id", p.credentialId().toBase64Url());
            if (!p.transports().isEmpty()) {
                descriptor.add("transports", JSON.createArrayBuilder(p.transports()));
            }
            list.add(descriptor);
        }
        return list;
    }
}
