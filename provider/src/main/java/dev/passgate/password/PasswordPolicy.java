package dev.passgate.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * NIST SP 800-63B §5.1.1.2: at least 8 characters, long passphrases allowed (up to 256), no
 * composition rules, and none of the 10,000 most common passwords (shipped in
 * {@code password/common-passwords.txt}, compared without regard to case).
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    static final String COMMON_LIST = "/password/common-passwords.txt";

    /** Why a password is refused; each has a message a person can act on (message key {@code password.problem.<name>}). */
    public enum Problem { TOO_SHORT, TOO_LONG, COMMON, LIKE_USERNAME }

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    public Optional<Problem> check(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(Problem.TOO_SHORT);
        }
        if (password.codePointCount(0, password.length()) > MAX_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        // Compatibility-folded, trimmed, case-folded: "Ｐａｓｓｗｏｒｄ " is "password" to anyone guessing.
        if (common.contains(folded(password))) {
            return Optional.of(Problem.COMMON);
        }
        return Optional.empty();
    }

    /**
     * As {@link #check(String)}, and not the account's own username or email address (or its part before the @),
     * nor a password that is merely one of them with something short around it (NIST: context-specific words).
     */
    public Optional<Problem> check(String password, String username, String email) {
        Optional<Problem> basic = check(password);
        if (basic.isPresent()) {
            return basic;
        }
        String p = folded(password);
        for (String word : new String[] {username, email, email == null ? null : email.split("@", 2)[0], "passgate"}) {
            String w = word == null ? "" : folded(word);
            if (w.length() >= 4 && p.contains(w) && p.length() - w.length() <= 4) {
                return Optional.of(Problem.LIKE_USERNAME);
            }
        }
        return Optional.empty();
    }

    private static String folded(String value) {
        return java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** The problem in English, for the provisioning API (SCIM error detail). */
    public Optional<String> problemWith(String password) {
        return check(password).map(p -> switch (p) {
            case TOO_SHORT -> "The password must have at least " + MIN_LENGTH + " characters.";
            case TOO_LONG -> "The password must have at most " + MAX_LENGTH + " characters.";
            case COMMON -> "The password is one of the 10,000 most common passwords; choose another.";
            case LIKE_USERNAME -> "The password is too close to the username or email address; choose another.";
        });
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_LIST)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_LIST + " is missing from the WAR");
            }
            Set<String> words = new HashSet<>(16_384);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().map(String::strip).filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).forEach(words::add);
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
