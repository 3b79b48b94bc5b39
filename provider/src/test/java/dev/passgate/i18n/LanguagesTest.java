package dev.passgate.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.passgate.login.LoginError;
import dev.passgate.login.NextAction;

class LanguagesTest {
    private final Languages languages = new Languages(Locale.ENGLISH);

    @Test
    void bundlesWhenComparedThenEveryLanguageHasExactlyTheSameKeys() {
        Set<String> english = keys(Locale.ENGLISH);
        for (Locale locale : Languages.SUPPORTED) {
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(keys(locale));
            Set<String> extra = new TreeSet<>(keys(locale));
            extra.removeAll(english);
            assertTrue(missing.isEmpty() && extra.isEmpty(),
                    () -> "messages_" + locale + ": missing " + missing + ", not in English " + extra);
        }
    }

    @Test
    void bundlesWhenFormattedThenEveryTranslationKeepsThePlaceholdersAndParses() {
        Pattern placeholder = Pattern.compile("\\{(\\d)");
        for (String key : keys(Locale.ENGLISH)) {
            Set<String> expected = new TreeSet<>();
            Matcher m = placeholder.matcher(Messages.bundle(Locale.ENGLISH).getString(key));
            while (m.find()) {
                expected.add(m.group(1));
            }
            for (Locale locale : Languages.SUPPORTED) {
                String text = Messages.bundle(locale).getString(key);
                Set<String> found = new TreeSet<>();
                Matcher f = placeholder.matcher(text);
                while (f.find()) {
                    found.add(f.group(1));
                }
                assertEquals(expected, found, () -> key + " in " + locale);
                if (!expected.isEmpty()) {
                    new MessageFormat(text, locale); // throws on a broken pattern
                }
            }
        }
    }

    @Test
    void catalogueWhenTranslatedThenEveryErrorAndActionHasTextInEveryLanguage() {
        for (Locale locale : Languages.SUPPORTED) {
            for (LoginError e : LoginError.values()) {
                assertTrue(!e.title(locale).isBlank() && !e.message(locale).isBlank(), e + " in " + locale);
            }
        }
        List<String> missing = new ArrayList<>();
        for (NextAction a : NextAction.values()) {
            String key = "action." + a.name().toLowerCase(Locale.ROOT);
            if (!Messages.has(Locale.ENGLISH, key)) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), () -> "no words for the script's buttons: " + missing);
    }

    @Test
    void germanWhenAskedThenGermanText() {
        assertEquals("Bestätigungscode", Messages.text(Locale.GERMAN, "login.code.label"));
        assertEquals("Verification code", Messages.text(Locale.ENGLISH, "login.code.label"));
    }

    @Test
    void otpMessageWhenFormattedThenMinutesAgreeWithTheNumber() {
        assertEquals("Your Passgate verification code is 123456. It is valid for 1 minute.",
                Messages.text(Locale.ENGLISH, "otp.message", "123456", 1L));
        assertEquals("Your Passgate verification code is 123456. It is valid for 5 minutes.",
                Messages.text(Locale.ENGLISH, "otp.message", "123456", 5L));
    }

    @Test
    void chooseWhenUiLocalesNamesASupportedLanguageThenItWinsOverTheBrowser() {
        assertEquals(Locale.GERMAN, languages.choose(Optional.of("fr-CA de-CH en"), List.of(Locale.ENGLISH)));
    }

    @Test
    void chooseWhenUiLocalesUnsupportedThenTheBrowsersFirstSupportedLanguage() {
        assertEquals(Locale.GERMAN, languages.choose(Optional.of("fr"), List.of(Locale.FRENCH, Locale.forLanguageTag("de-AT"))));
    }

    @Test
    void chooseWhenNothingMatchesThenTheConfiguredDefault() {
        assertEquals(Locale.GERMAN, new Languages(Locale.GERMAN).choose(Optional.empty(),
                List.of(Locale.forLanguageTag("*"), Locale.JAPANESE)));
        assertEquals(Locale.ENGLISH, languages.choose(Optional.of(" "), List.of()));
    }

    @Test
    void acceptLanguageWhenWeightedThenTheMostWantedSupportedLanguage() {
        assertEquals(Locale.GERMAN, languages.choose(Optional.empty(), "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7"));
        assertEquals(Locale.ENGLISH, languages.choose(Optional.empty(), "de;q=0, en-GB"));
    }

    @Test
    void acceptLanguageWhenMalformedOrHugeThenIgnoredNeverAnError() {
        for (String header : new String[] {"en_US", "de;q=abc", ";;;", "*;q=2", "x".repeat(5000), null, ""}) {
            assertEquals(Locale.GERMAN, new Languages(Locale.GERMAN).choose(Optional.empty(), header), String.valueOf(header));
        }
    }

    @Test
    void bundleWhenJvmDefaultIsGermanThenEnglishStillEnglish() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMAN);
            ResourceBundle.clearCache();
            assertEquals("Continue", Messages.text(Locale.ENGLISH, "login.continue"));
        } finally {
            Locale.setDefault(before);
            ResourceBundle.clearCache();
        }
    }

    @Test
    void defaultWhenUnsupportedThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Languages(Locale.JAPANESE));
    }

    /** The keys of the language's own file, not inherited from the English base bundle. */
    private static Set<String> keys(Locale locale) {
        String file = locale.equals(Locale.ENGLISH) ? "/messages.properties" : "/messages_" + locale.getLanguage() + ".properties";
        Properties properties = new Properties();
        try (var in = LanguagesTest.class.getResourceAsStream(file)) {
            assertTrue(in != null, file + " is shipped");
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }
}
