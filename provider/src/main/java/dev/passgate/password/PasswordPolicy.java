package dev.passgate.password;

import java.util.Optional;

/**
 * NIST SP 800-63B §5.1.1.2: at least 8 characters, long passphrases allowed, no composition rules.
 * Returns the problem in words a person can act on, or empty when the password is acceptable.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    public Optional<String> problemWith(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("The password must have at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("The password must have at most " + MAX_LENGTH + " characters.");
        }
        return Optional.empty();
    }
}
