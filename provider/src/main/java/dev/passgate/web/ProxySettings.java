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
 * @param header  {@code passgate.proxy.header} ({@code x-forwarded-for}): the one header the proxies write,
 *                {@code x-forwarded-for} or {@code forwarded} (RFC 7239). Only that one is read: a proxy that
 *                writes one passes the other through from the browser untouched, so reading both would let
 *                the browser choose its own address.
 */
public record ProxySettings(List<Cidr> trusted, Header header) {

    public enum Header { X_FORWARDED_FOR, FORWARDED }

    public static ProxySettings read(ConfigReader config) {
        Header header = config.enumValue("passgate.proxy.header", Header.class, Header.X_FORWARDED_FOR);
        return new ProxySettings(config.optional("passgate.proxy.trusted").map(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
                    try {
                        return Cidr.parse(s);
                    } catch (IllegalArgumentException e) {
                        throw new SettingsException("passgate.proxy.trusted", e.getMessage());
                    }
                }).toList()).orElse(List.of()), header);
    }
}
