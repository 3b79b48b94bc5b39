package dev.passgate.login.web;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;

import dev.passgate.login.DeviceCookie;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;

/**
 * What every login form post carries: the interaction it belongs to, its CSRF token, and the
 * browser's cookies that bind it (interaction) and describe it (device record).
 */
public class LoginForm {
    @FormParam("interaction")
    String interaction;
    @FormParam(Csrf.FIELD)
    String csrf;
    @CookieParam(Cookies.INTERACTION)
    String boundInteraction;
    @CookieParam(DeviceCookie.NAME)
    String device;
}
