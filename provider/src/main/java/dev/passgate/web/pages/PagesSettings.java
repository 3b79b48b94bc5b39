package dev.passgate.web.pages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;
import dev.passgate.i18n.Languages;

/**
 * How pages look and speak.
 *
 * @param themeDir      {@code passgate.theme.dir} (none): a directory whose {@code templates/*.html} and
 *                      {@code assets/*} override the built-in files of the same relative path
 * @param defaultLocale {@code passgate.default-locale} ({@code en}): the language when neither
 *                      {@code ui_locales} nor {@code Accept-Language} names a supported one
 */
public record PagesSettings(Optional<Path> themeDir, Locale defaultLocale) {

    public static PagesSettings read(ConfigReader config) {
        Optional<Path> dir = config.optional("passgate.theme.dir").map(Path::of).map(Path::toAbsolutePath);
        if (dir.isPresent() && !Files.isDirectory(dir.get())) {
            throw new SettingsException("passgate.theme.dir", "is not a directory: " + dir.get());
        }
        String tag = config.string("passgate.default-locale", "en");
        Locale locale = Languages.supported(Locale.forLanguageTag(tag)).orElseThrow(() ->
                new SettingsException("passgate.default-locale", "must be one of " + Languages.tags() + ", was '" + tag + "'"));
        return new PagesSettings(dir, locale);
    }
}
