package dev.passgate.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the pages, errors, emails and text messages speak, and how one is chosen for a
 * request: the client's {@code ui_locales} (OIDC Core §3.1.2.1, space-separated BCP 47 tags in
 * order of preference), then the browser's {@code Accept-Language}, then
 * {@code passgate.default-locale}. Only the language part of a tag counts ({@code de-CH} is German).
 */
public final class Languages {
    /** The bundles shipped, complete (a test fails when a key is missing from one). */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);

    private final Locale fallback;

    public Languages(Locale fallback) {
        this.fallback = supported(fallback).orElseThrow(() ->
                new IllegalArgumentException("not a supported language: " + fallback));
    }

    /**
     * @param uiLocales      the authorization request's {@code ui_locales}, when the page belongs to one
     * @param acceptLanguage the request's {@code Accept-Language} header, as sent (may be null or malformed)
     */
    public Locale choose(Optional<String> uiLocales, String acceptLanguage) {
        return choose(uiLocales, acceptable(acceptLanguage));
    }

    /**
     * The browser's languages, most wanted first. A header that does not parse counts as absent:
     * a page must never fail because of it (JAX-RS's own parser throws, on every page).
     */
    static List<Locale> acceptable(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1000) {
            return List.of();
        }
        try {
            return Locale.LanguageRange.parse(acceptLanguage).stream()
                    .filter(r -> r.getWeight() > 0)
                    .map(r -> Locale.forLanguageTag(r.getRange()))
                    .toList();
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    Locale choose(Optional<String> uiLocales, List<Locale> acceptable) {
        if (uiLocales.isPresent()) {
            for (String tag : uiLocales.get().trim().split("\\s+")) {
                Optional<Locale> found = supported(Locale.forLanguageTag(tag));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        for (Locale locale : acceptable) {
            Optional<Locale> found = supported(locale);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return fallback;
    }

    /** {@code de-AT} → German; {@code *} and unknown languages → empty. */
    public static Optional<Locale> supported(Locale locale) {
        if (locale == null || locale.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        return SUPPORTED.stream().filter(s -> s.getLanguage().equals(locale.getLanguage())).findFirst();
    }

    /** Space-separated tags for discovery's {@code ui_locales_supported}. */
    public static List<String> tags() {
        return SUPPORTED.stream().map(Locale::toLanguageTag).toList();
    }
}
