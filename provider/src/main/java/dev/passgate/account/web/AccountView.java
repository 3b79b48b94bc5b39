package dev.passgate.account.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.PasskeyRow;
import dev.passgate.web.View;

/** What the account pages show (templates under {@code templates/account/}). */
public final class AccountView {
    private AccountView() {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A time as the pages print it (UTC, to the minute). */
    static String when(Instant at) {
        return WHEN.format(at);
    }

    /**
     * The passkeys page.
     *
     * @param notice  what the last action did, as a message key suffix ({@code renamed}, {@code deleted}); never
     *                text from the request
     * @param error   what went wrong with it, likewise
     * @param added   the passkey just created here, for the teaching note (synced or this device only)
     * @param signal  what {@code account.js} tells authenticators (WebAuthn Signal API)
     */
    public record Passkeys(String username, String name, String csrf, List<PasskeyRow> passkeys, int limit,
                           Optional<String> notice, Optional<String> error, Optional<PasskeyRow> added,
                           Optional<AccountPasskeys.Signal> signal, String rpId) implements View {
        @Override
        public String template() {
            return "account/passkeys";
        }

        public boolean atLimit() {
            return passkeys.size() >= limit;
        }

        public String date(Instant at) {
            return when(at);
        }

        /** The accepted ids as the page hands them to the script: space-separated base64url. */
        public String acceptedIds() {
            return signal.map(s -> String.join(" ", s.acceptedIds())).orElse("");
        }
    }

    /**
     * "Delete this passkey?", with what it means.
     *
     * @param last        it is the account's only passkey
     * @param hasPassword the account can still sign in with a password (and code) without it
     */
    public record ConfirmDelete(String csrf, PasskeyRow passkey, boolean last, boolean hasPassword) implements View {
        @Override
        public String template() {
            return "account/delete-passkey";
        }

        public String date(Instant at) {
            return when(at);
        }
    }

    /**
     * Set or change the password.
     *
     * @param hasPassword the account has one now (the page says "change" rather than "set")
     */
    public record PasswordPage(String username, String csrf, boolean hasPassword, Optional<String> notice,
                               Optional<String> error, int minLength) implements View {
        @Override
        public String template() {
            return "account/password";
        }
    }

    /** One session as "where you are signed in" lists it. */
    /** @param method how it signed in: {@code passkey}, {@code password-code} or {@code password} */
    public record SessionRow(String sid, String browser, String network, String signedInAt, String expiresAt,
                             String method, boolean current) {
    }

    public record SessionsPage(String username, String csrf, List<SessionRow> sessions, Optional<String> notice,
                               Optional<String> error) implements View {
        @Override
        public String template() {
            return "account/sessions";
        }

        public boolean othersExist() {
            return sessions.stream().anyMatch(s -> !s.current());
        }
    }

    /**
     * One line of recent activity.
     *
     * @param what    message key suffix of what happened ({@code login.success}, ...)
     * @param method  for a sign-in, how: {@code passkey}, {@code password-code} or {@code password}
     * @param failed  it did not succeed
     * @param ceremony for a passkey sign-in, how the passkey was asked for (AUTOMATIC, AUTOFILL, BUTTON, IMMEDIATE)
     */
    public record ActivityRow(String at, String what, String method, boolean failed, Optional<String> ceremony) {
    }

    public record ActivityPage(String username, List<ActivityRow> events) implements View {
        @Override
        public String template() {
            return "account/activity";
        }
    }

    /** Download your data; delete your account. */
    public record DataPage(String username, String csrf, Optional<String> error) implements View {
        @Override
        public String template() {
            return "account/data";
        }
    }

    /** The account is gone; this browser is signed out. */
    public record Deleted() implements View {
        @Override
        public String template() {
            return "account/deleted";
        }
    }

    /**
     * The email address and phone number, and a change under way for each.
     *
     * @param pendingEmail the new address a code went to (masked), while it waits for the code
     * @param channel      which form the notice or error is about ({@code EMAIL}, {@code SMS})
     */
    public record ContactPage(String username, String csrf, Optional<String> email, boolean emailVerified,
                              Optional<String> phone, boolean phoneVerified, Optional<String> pendingEmail,
                              Optional<String> pendingPhone, Optional<String> notice, Optional<String> error,
                              Optional<String> channel) implements View {
        @Override
        public String template() {
            return "account/contact";
        }

        public boolean about(String which) {
            return channel.map(which::equals).orElse(false);
        }
    }
}
