package dev.passgate.web;

import java.util.Arrays;
import java.util.List;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

/**
 * Which reverse proxies are believed about the client's address.
 *
 * @param trusted {@code passgate.proxy.trusted} (none): comma-separated addresses or CIDR blocks of
 *                the proxies in front of Passgate. Only a request arriving from one of them has its
 *                {@code Forwarded} / {@code X-Forwarded-For} read; anyone else could write those headers.
 *                Scheme and host are never taken from headers: every URL Passgate emits starts with the issuer.
 */
public record ProxySettings(List<Cidr> trusted) {

    public static ProxySettings read(ConfigReader config) {
        return new ProxySettings(config.optional("passgate.proxy.trusted").map(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
                    try {
                        return Cidr.parse(s);
                    } catch (IllegalArgumentException e) {
                        throw new SettingsException("passgate.proxy.trusted", e.getMessage());
                    }
                }).toList()).orElse(List.of()));
    }
}
