package dev.passgate.login;

import dev.passgate.interaction.Interaction;
import dev.passgate.login.intelligence.DeviceRecord;

/**
 * One request's view of a login: the paused authorization request, the login transaction, and
 * what the browser brought along (its device record and address). Built by {@link LoginFlow#open}.
 */
public record LoginContext(String interactionId, Interaction interaction, LoginTransaction transaction,
                           DeviceRecord device, String clientAddress) {

    public LoginContext with(LoginTransaction changed) {
        return new LoginContext(interactionId, interaction, changed, device, clientAddress);
    }
}
