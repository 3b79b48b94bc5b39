package dev.passgate.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.passgate.config.PassgateSettings;
import dev.passgate.config.SettingsException;

/**
 * The root secret ({@code passgate.secret}) and the purpose-bound keys derived from it, so that
 * one leaked purpose key (say, the CSRF key) reveals nothing about another (the key that
 * encrypts signing keys). Derivation is HMAC-SHA256(root, purpose), an HKDF-Expand of one block.
 */
public final class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());

    public enum Purpose { SIGNING_KEY_ENCRYPTION, CSRF, ONE_TIME_CODES, DEVICE_COOKIE }

    private final byte[] root;

    public MasterKey(byte[] root) {
        if (root.length < 32) {
            throw new IllegalArgumentException("the root secret needs at least 32 bytes");
        }
        this.root = root.clone();
    }

    /** From configuration; in dev mode without one, from (or newly into) {@code <data-dir>/secret.key}. */
    public static MasterKey load(PassgateSettings settings) {
        if (settings.secret().isPresent()) {
            return new MasterKey(Base64.getDecoder().decode(settings.secret().get()));
        }
        Path file = settings.dataDir().resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return new MasterKey(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
            }
            Files.createDirectories(settings.dataDir());
            byte[] fresh = Secrets.randomBytes(32);
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays with the directory's permissions.
            }
            LOG.warning(() -> "Dev mode: generated a root secret in " + file.toAbsolutePath()
                    + ". In production set passgate.secret instead.");
            return new MasterKey(fresh);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("passgate.secret", "not set, and the dev-mode secret file " + file.toAbsolutePath()
                    + " could not be read or written: " + e.getMessage());
        }
    }

    public byte[] derive(Purpose purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(root, "HmacSHA256"));
            return mac.doFinal(("passgate:" + purpose.name()).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
