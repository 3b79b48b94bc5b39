package dev.passgate.otp;

import java.util.Optional;
import java.util.regex.Pattern;

/** Where a one-time code can go. Each channel knows what a valid destination looks like and how to show it masked. */
public enum Channel {
    EMAIL, SMS;

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern PHONE_DIGITS = Pattern.compile("\\+?[0-9]{6,15}");
    private static final String DOTS = "\u2022\u2022\u2022";

    /** From a form value such as {@code EMAIL}; empty for anything else. */
    public static Optional<Channel> parse(String value) {
        for (Channel c : values()) {
            if (c.name().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The destination as it is sent to: an email address trimmed, a phone number without spaces,
     * dots, dashes or parentheses (E.164 allows at most 15 digits).
     *
     * @return empty when the value cannot be a destination of this channel
     */
    public Optional<String> normalize(String destination) {
        if (destination == null) {
            return Optional.empty();
        }
        String value = destination.strip();
        return switch (this) {
            case EMAIL -> EMAIL_ADDRESS.matcher(value).matches() ? Optional.of(value) : Optional.empty();
            case SMS -> {
                String compact = PHONE_SEPARATORS.matcher(value).replaceAll("");
                yield PHONE_DIGITS.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
            }
        };
    }

    /**
     * Enough for the person to recognise the address, too little to learn it from the login page:
     * {@code c•••@example.com}, {@code •••• •• 00}.
     */
    public String mask(String destination) {
        return switch (this) {
            case EMAIL -> {
                int at = destination.lastIndexOf('@');
                if (at < 1) {
                    yield DOTS;
                }
                yield destination.substring(0, destination.offsetByCodePoints(0, 1)) + DOTS + destination.substring(at);
            }
            case SMS -> {
                String digits = destination.replaceAll("[^0-9]", "");
                yield "\u2022\u2022\u2022\u2022 \u2022\u2022 " + (digits.length() < 2 ? "\u2022\u2022" : digits.substring(digits.length() - 2));
            }
        };
    }
}
