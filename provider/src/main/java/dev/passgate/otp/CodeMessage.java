package dev.passgate.otp;

import java.util.Locale;
import java.util.Objects;

import dev.passgate.i18n.Messages;

/**
 * A message carrying a one-time code, in the person's language. Holds the code: never logged
 * ({@link #toString} leaves the text out).
 *
 * @param subject the email subject (SMS has none)
 * @param text    the message itself, with the code
 * @param footer  what an email adds below the text ("if it was not you...")
 */
public record CodeMessage(String subject, String text, String footer) {

    public CodeMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(footer, "footer");
    }

    /** @param keys the message keys' prefix: {@code otp} for sign-ins, {@code recovery.otp} for account recovery */
    static CodeMessage forCode(Locale locale, String keys, String code, long minutes) {
        return new CodeMessage(Messages.text(locale, keys + ".email.subject"), Messages.text(locale, keys + ".message", code, minutes),
                Messages.text(locale, keys + ".email.footer"));
    }

    @Override
    public String toString() {
        return "CodeMessage[subject=" + subject + "]";
    }
}
