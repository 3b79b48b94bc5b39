package dev.passgate.passkey;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A WebAuthn credential id: the authenticator's public name for one passkey. Compared by content;
 * written as base64url without padding, the form browsers use for {@code PublicKeyCredential.id}.
 *
 * @param bytes 1 to {@value #MAX_LENGTH} bytes (WebAuthn L3 §7.1 step 25); copied in and out
 */
public record CredentialId(byte[] bytes) {
    /** Longer ids SHOULD fail registration (WebAuthn L3 §7.1 step 25). */
    public static final int MAX_LENGTH = 1023;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public CredentialId {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("A credential id has 1 to " + MAX_LENGTH + " bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** @throws IllegalArgumentException when {@code value} is not base64url or decodes to no or too many bytes */
    public static CredentialId fromBase64Url(String value) {
        Objects.requireNonNull(value, "value");
        return new CredentialId(Base64.getUrlDecoder().decode(value));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String toBase64Url() {
        return ENCODER.encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase64Url();
    }
}
