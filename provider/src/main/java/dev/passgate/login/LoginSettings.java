package dev.passgate.login;

import java.time.Duration;

import dev.passgate.config.ConfigReader;

/**
 * The login's settings, read once at start-up.
 *
 * @param passkeyFailureThreshold {@code passgate.login.passkey-failures-before-fallback} (2): passkey
 *                                failures in one login before the password is offered instead
 * @param passkeyTimeout          {@code passgate.webauthn.timeout} (60 s): how long the browser prompt waits
 * @param secondFactorRequired    {@code passgate.login.second-factor} (true): a one-time code after every password
 * @param skipSignIns             {@code passgate.login.offer-skip-sign-ins} (10): "I'll do it later" hides the
 *                                passkey offer for this many successful sign-ins...
 * @param skipDuration            {@code passgate.login.offer-skip-duration} (7 days): ...or this long, whichever ends first
 * @param maxPasskeys             {@code passgate.passkeys.max-per-account} (5)
 * @param accountFailuresBeforeDelay {@code passgate.login.password-failures-before-delay} (5): wrong passwords for
 *                                one account before each further try waits, doubling from 2 s to at most 15 min
 * @param addressFailuresBeforeDelay {@code passgate.login.address-failures-before-delay} (20): the same per client address
 */
public record LoginSettings(int passkeyFailureThreshold, Duration passkeyTimeout, boolean secondFactorRequired,
                            int skipSignIns, Duration skipDuration, int maxPasskeys, int accountFailuresBeforeDelay,
                            int addressFailuresBeforeDelay) {

    public static LoginSettings read(ConfigReader config) {
        return new LoginSettings(
                config.integer("passgate.login.passkey-failures-before-fallback", 2, 1, 10),
                config.duration("passgate.webauthn.timeout", Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofMinutes(10)),
                config.bool("passgate.login.second-factor", true),
                config.integer("passgate.login.offer-skip-sign-ins", 10, 1, 1000),
                config.duration("passgate.login.offer-skip-duration", Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(365)),
                config.integer("passgate.passkeys.max-per-account", 5, 1, 50),
                config.integer("passgate.login.password-failures-before-delay", 5, 1, 50),
                config.integer("passgate.login.address-failures-before-delay", 20, 1, 90));
    }
}
