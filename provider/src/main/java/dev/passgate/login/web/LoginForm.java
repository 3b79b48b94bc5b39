package dev.passgate.login.web;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;

import dev.passgate.login.DeviceCookie;
import dev.passgate.web.Csrf;

/**
 * What every login form post carries: the interaction it belongs to, its CSRF token, and the
 * browser's device record. The cookie that binds the interaction to this browser is named after
 * the interaction, so the resource reads it once it knows which ({@code Cookies.interactionSecret}).
 */
public class LoginForm {
    @FormParam("interaction")
    String interaction;
    @FormParam(Csrf.FIELD)
    String csrf;
    @CookieParam(DeviceCookie.NAME)
    String device;
}
