package dev.passgate.login;

import java.util.Locale;

import dev.passgate.interaction.Interaction;
import dev.passgate.login.intelligence.DeviceRecord;

/**
 * One request's view of a login: the paused authorization request, the login transaction, and
 * what the browser brought along (its device record, address and language). Built by
 * {@link LoginFlow#open}.
 *
 * @param locale the language of the pages and of the codes sent (ui_locales, then Accept-Language)
 */
public record LoginContext(String interactionId, Interaction interaction, LoginTransaction transaction,
                           DeviceRecord device, String clientAddress, Locale locale) {

    public LoginContext with(LoginTransaction changed) {
        return new LoginContext(interactionId, interaction, changed, device, clientAddress, locale);
    }

    public LoginContext in(Locale language) {
        return new LoginContext(interactionId, interaction, transaction, device, clientAddress, language);
    }
}
