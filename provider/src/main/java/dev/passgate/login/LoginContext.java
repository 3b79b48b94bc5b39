package dev.passgate.login;

import java.util.Locale;

import dev.passgate.interaction.Interaction;
import dev.passgate.login.intelligence.DeviceRecord;

/**
 * One request's view of a login: the paused authorization request, the login transaction, and
 * what the browser brought along (its device record, address and language). Built by
 * {@link LoginFlow#open}.
 *
 * @param locale  the language of the pages and of the codes sent (ui_locales, then Accept-Language)
 * @param browser the User-Agent summarised, for the notices of passkey changes; empty when unknown
 */
public record LoginContext(String interactionId, Interaction interaction, LoginTransaction transaction,
                           DeviceRecord device, String clientAddress, Locale locale, String browser) {

    public LoginContext(String interactionId, Interaction interaction, LoginTransaction transaction, DeviceRecord device,
                        String clientAddress, Locale locale) {
        this(interactionId, interaction, transaction, device, clientAddress, locale, "");
    }

    public LoginContext with(LoginTransaction changed) {
        return new LoginContext(interactionId, interaction, changed, device, clientAddress, locale, browser);
    }

    public LoginContext in(Locale language) {
        return new LoginContext(interactionId, interaction, transaction, device, clientAddress, language, browser);
    }

    /** @param summary the browser as a notice names it ({@code web/UserAgents}), e.g. "Chrome (macOS)" */
    public LoginContext from(String summary) {
        return new LoginContext(interactionId, interaction, transaction, device, clientAddress, locale, summary);
    }
}
