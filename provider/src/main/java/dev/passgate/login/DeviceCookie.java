package dev.passgate.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.security.Secrets;

/**
 * The device record as a long-lived cookie: the passkeys this browser used successfully, and its
 * recent passkey failures. Signed with a server key so a page cannot forge "this passkey works
 * here"; it holds credential ids only (public values), never anything about the account.
 */
public final class DeviceCookie {
    public static final String NAME = "passgate_device";
    /** Keep the cookie small: the most recent credential ids only. */
    static final int MAX_IDS = 8;

    private final byte[] key;

    public DeviceCookie(byte[] key) {
        this.key = key.clone();
    }

    public DeviceRecord read(String cookie) {
        if (cookie == null || !cookie.contains(".")) {
            return DeviceRecord.EMPTY;
        }
        int dot = cookie.lastIndexOf('.');
        String payload = cookie.substring(0, dot);
        if (!Secrets.equal(mac(payload), cookie.substring(dot + 1))) {
            return DeviceRecord.EMPTY;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|", -1);
            Set<String> ids = parts[0].isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(parts[0].split(",")));
            int failures = Integer.parseInt(parts[1]);
            Optional<Instant> last = parts[2].isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[2])));
            return new DeviceRecord(ids, failures, last);
        } catch (RuntimeException malformed) {
            return DeviceRecord.EMPTY;
        }
    }

    /** After a passkey sign-in: remember the credential, forget the failures. */
    public String afterSuccess(DeviceRecord record, String credentialId) {
        List<String> ids = new ArrayList<>(record.credentialIds());
        ids.remove(credentialId);
        ids.add(0, credentialId);
        return write(ids.subList(0, Math.min(MAX_IDS, ids.size())), 0, Optional.empty());
    }

    /**
     * After a passkey was created here: it is on this device (the next login may start it by
     * itself), the one it replaced is forgotten, and so are the failures (a fresh start).
     */
    public String afterRegistration(DeviceRecord record, String credentialId, Optional<String> replaced) {
        List<String> ids = new ArrayList<>(record.credentialIds());
        ids.remove(credentialId);
        replaced.ifPresent(ids::remove);
        ids.add(0, credentialId);
        return write(ids.subList(0, Math.min(MAX_IDS, ids.size())), 0, Optional.empty());
    }

    public String afterFailure(DeviceRecord record, Instant now) {
        return write(new ArrayList<>(record.credentialIds()), record.recentFailures() + 1, Optional.of(now));
    }

    private String write(List<String> ids, int failures, Optional<Instant> last) {
        String raw = String.join(",", ids) + "|" + failures + "|" + last.map(i -> String.valueOf(i.getEpochSecond())).orElse("");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        return payload + "." + mac(payload);
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
