package dev.passgate.web;

import java.time.Duration;

import jakarta.ws.rs.core.NewCookie;

/**
 * Cookies as the design asks: {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} outside
 * dev mode. Lax (not Strict) because the browser must send the session cookie when a client
 * redirects it here.
 */
public final class Cookies {
    public static final String SESSION = "passgate_session";
    public static final String INTERACTION = "passgate_interaction";

    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    public NewCookie set(String name, String value, Duration maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").maxAge((int) maxAge.toSeconds())
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }

    public NewCookie clear(String name) {
        return new NewCookie.Builder(name).value("").path("/").maxAge(0)
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }
}
