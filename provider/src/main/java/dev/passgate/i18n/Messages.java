package dev.passgate.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every text a person reads, by key, from {@code messages.properties} (English) and its
 * translations ({@code messages_de.properties}, ...). Only {@link Languages#SUPPORTED} locales are
 * ever asked for, and a bundle never falls back to the JVM's default locale: a German server
 * answering an English browser still speaks English.
 */
public final class Messages {
    private static final String BUNDLE = "messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    /** Bundles are looked up once per language: ResourceBundle's own cache costs a lookup key per call. */
    private static final Map<Locale, ResourceBundle> LOADED = new ConcurrentHashMap<>();

    public static ResourceBundle bundle(Locale locale) {
        return LOADED.computeIfAbsent(locale, l -> ResourceBundle.getBundle(BUNDLE, l, Messages.class.getClassLoader(), NO_FALLBACK));
    }

    /** The text for {@code key}, its {@code {0}}, {@code {1}}... filled with {@code args}. */
    public static String text(Locale locale, String key, Object... args) {
        ResourceBundle bundle = bundle(locale);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message " + key + " in " + BUNDLE + " for " + locale, e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    public static boolean has(Locale locale, String key) {
        return bundle(locale).containsKey(key);
    }
}
