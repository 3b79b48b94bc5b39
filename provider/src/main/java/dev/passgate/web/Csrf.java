package dev.passgate.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.passgate.security.Secrets;

/**
 * CSRF tokens bound to what the form acts on (a login interaction, a session): an HMAC under a
 * server key, so any node can check them without storing anything, and a token lifted from one
 * login is useless in another.
 */
public final class Csrf {
    public static final String FIELD = "csrf";
    private final byte[] key;

    public Csrf(byte[] key) {
        this.key = key.clone();
    }

    public String token(String purpose, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal((purpose + "\n" + binding).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(String purpose, String binding, String presented) {
        return binding != null && Secrets.equal(token(purpose, binding), presented);
    }
}
