package dev.passgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;

/**
 * Typed reads of MicroProfile Config keys. Every failed read becomes a {@link SettingsException}
 * naming the key, so a bad value stops start-up with a message an operator can act on.
 * Environment variables map to keys by MicroProfile's rule ({@code PASSGATE_DB_URL} to
 * {@code passgate.db.url}).
 */
public final class ConfigReader {
    private final Function<String, Optional<String>> source;

    public ConfigReader(Config config) {
        this(key -> config.getOptionalValue(key, String.class));
    }

    /** For tests: any key lookup. */
    public ConfigReader(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public Optional<String> optional(String key) {
        return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        int value = optional(key).map(v -> parseInt(key, v)).orElse(defaultValue);
        if (value < min || value > max) {
            throw new SettingsException(key, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A duration in seconds ({@code 600}) or ISO-8601 ({@code PT10M}). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Duration value = optional(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new SettingsException(key, "must be between " + min.toSeconds() + " and " + max.toSeconds()
                    + " seconds, was " + value.toSeconds());
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> switch (v.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(key, "must be true or false, was '" + v + "'");
        }).orElse(defaultValue);
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw.get().toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase()
                    + ", was '" + raw.get() + "'");
        }
    }

    /** An absolute http(s) URL without query or fragment. */
    public Optional<URI> httpUrl(String key) {
        return optional(key).map(v -> {
            URI uri;
            try {
                uri = URI.create(v);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(key, "is not a valid URL: '" + v + "'");
            }
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new SettingsException(key, "must be an absolute http or https URL, was '" + v + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new SettingsException(key, "must not have a query or fragment, was '" + v + "'");
            }
            return uri;
        });
    }

    public List<String> list(String key, List<String> defaultValue) {
        return optional(key)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(defaultValue);
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "must be a whole number, was '" + value + "'");
        }
    }

    private static Duration parseDuration(String key, String value) {
        try {
            return value.startsWith("P") || value.startsWith("p")
                    ? Duration.parse(value.toUpperCase())
                    : Duration.ofSeconds(Long.parseLong(value));
        } catch (RuntimeException e) {
            throw new SettingsException(key, "must be a number of seconds or an ISO-8601 duration, was '" + value + "'");
        }
    }
}
