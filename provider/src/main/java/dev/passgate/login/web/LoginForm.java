package dev.passgate.login.web;

import jakarta.ws.rs.FormParam;

import dev.passgate.web.Csrf;

/**
 * What every login form post carries: the interaction it belongs to and its CSRF token. The cookie that binds the interaction to this browser is named after
 * the interaction, so the resource reads it once it knows which ({@code Cookies.interactionSecret});
 * the device cookie's name depends on the mode ({@code __Host-} when secure), so it is read there too.
 */
public class LoginForm {
    @FormParam("interaction")
    String interaction;
    @FormParam(Csrf.FIELD)
    String csrf;
}
