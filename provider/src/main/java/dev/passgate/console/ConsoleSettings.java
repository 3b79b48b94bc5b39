package dev.passgate.console;

import java.time.Duration;
import java.util.Optional;

import dev.passgate.config.ConfigReader;

/**
 * The support console's settings, read once at start-up.
 *
 * @param bootstrapUser    {@code passgate.admin.bootstrap-user}: the username made admin at start-up (the first
 *                         admin; later ones are given the role in the console or through SCIM)
 * @param recoveryLinkTtl  {@code passgate.support.recovery-link-ttl} (24 h): how long a recovery link that support
 *                         hands over stays usable
 */
public record ConsoleSettings(Optional<String> bootstrapUser, Duration recoveryLinkTtl) {

    public static ConsoleSettings read(ConfigReader config) {
        return new ConsoleSettings(config.optional("passgate.admin.bootstrap-user").map(String::strip).filter(s -> !s.isEmpty()),
                config.duration("passgate.support.recovery-link-ttl", Duration.ofHours(24), Duration.ofSeconds(5),
                        Duration.ofDays(7)));
    }
}
