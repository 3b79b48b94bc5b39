package dev.passgate.account;

import java.time.Duration;

import dev.passgate.config.ConfigReader;

/**
 * The account pages' settings, read once at start-up.
 *
 * @param reverifyAfter {@code passgate.account.reverify-after} (5 min): a sensitive change (add or delete a
 *                      passkey, and later password, email, phone, sessions, deleting the account) needs a
 *                      sign-in no older than this; else the person verifies again (passkey, or password and code)
 */
public record AccountSettings(Duration reverifyAfter) {

    public static AccountSettings read(ConfigReader config) {
        return new AccountSettings(config.duration("passgate.account.reverify-after", Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofHours(1)));
    }
}
