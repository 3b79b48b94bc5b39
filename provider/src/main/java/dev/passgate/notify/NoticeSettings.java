package dev.passgate.notify;

import java.net.URI;
import java.util.Optional;

import dev.passgate.config.ConfigReader;

/**
 * @param supportUrl {@code passgate.support.url} (none): where a person who did not make a passkey change
 *                   gets help; named in every notice. Without it the notice says to contact support.
 */
public record NoticeSettings(Optional<URI> supportUrl) {

    public static NoticeSettings read(ConfigReader config) {
        return new NoticeSettings(config.httpUrl("passgate.support.url"));
    }
}
