package dev.passgate.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets that must be read back (signing private keys), so that a database dump
 * alone does not reveal them. The associated data binds a ciphertext to its row: a key copied
 * onto another row does not decrypt.
 */
public final class KeyVault {
    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;

    public KeyVault(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] iv = Secrets.randomBytes(IV_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the ciphertext was made under another key or altered */
    public String decrypt(String ciphertext, String associatedData) {
        if (!ciphertext.startsWith("v1:")) {
            throw new IllegalStateException("unknown ciphertext format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret does not decrypt: was passgate.secret changed?", e);
        }
    }
}
