package dev.passgate.otp;

import java.time.Duration;
import java.util.Objects;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

/**
 * One-time codes for the second factor, read once at start-up. Keep in step with the README's
 * configuration table.
 *
 * @param ttl             {@code passgate.otp.ttl}: how long a code stays valid after it is sent;
 *                        default {@code PT5M}, from 1 to 10 minutes
 * @param maxAttempts     {@code passgate.otp.max-attempts}: wrong tries a login may make before its code is
 *                        dead; a resend does not restore them; default 5, from 1 to 10 (every try is a
 *                        one-in-a-million guess, so the limit is what keeps six digits safe)
 * @param resendAfter     {@code passgate.otp.resend-after}: how long after a send the next one is allowed;
 *                        default {@code PT30S}, from 10 seconds to 5 minutes, and shorter than {@code ttl}
 * @param maxSendsPerHour {@code passgate.otp.max-sends-per-hour}: codes sent to one account in any hour,
 *                        across all its logins; default 5, from 1 to 100
 * @param smsTimeout      {@code passgate.otp.sms-timeout}: how long the SMS gateway has to accept a message;
 *                        default {@code PT5S}, from 1 to 30 seconds
 */
public record OtpSettings(Duration ttl, int maxAttempts, Duration resendAfter, int maxSendsPerHour, Duration smsTimeout) {
    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofMinutes(10);
    static final Duration MIN_RESEND_AFTER = Duration.ofSeconds(10);
    static final Duration MAX_RESEND_AFTER = Duration.ofMinutes(5);
    static final Duration MIN_SMS_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_SMS_TIMEOUT = Duration.ofSeconds(30);

    public OtpSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(resendAfter, "resendAfter");
        Objects.requireNonNull(smsTimeout, "smsTimeout");
        requireBetween("ttl", ttl, MIN_TTL, MAX_TTL);
        requireBetween("resendAfter", resendAfter, MIN_RESEND_AFTER, MAX_RESEND_AFTER);
        requireBetween("smsTimeout", smsTimeout, MIN_SMS_TIMEOUT, MAX_SMS_TIMEOUT);
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + maxAttempts);
        }
        if (maxSendsPerHour < 1 || maxSendsPerHour > 100) {
            throw new IllegalArgumentException("maxSendsPerHour must be between 1 and 100, was " + maxSendsPerHour);
        }
        if (resendAfter.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("resendAfter must be shorter than ttl");
        }
    }

    /** The defaults listed above. */
    public static OtpSettings defaults() {
        return new OtpSettings(Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 5, Duration.ofSeconds(5));
    }

    public static OtpSettings read(ConfigReader config) {
        OtpSettings d = defaults();
        Duration ttl = config.duration("passgate.otp.ttl", d.ttl(), MIN_TTL, MAX_TTL);
        Duration resendAfter = config.duration("passgate.otp.resend-after", d.resendAfter(), MIN_RESEND_AFTER,
                MAX_RESEND_AFTER);
        if (resendAfter.compareTo(ttl) >= 0) {
            // Otherwise a user whose message is lost could not get another before the first expires.
            throw new SettingsException("passgate.otp.resend-after", "must be shorter than passgate.otp.ttl ("
                    + ttl.toSeconds() + " seconds), was " + resendAfter.toSeconds());
        }
        return new OtpSettings(
                ttl,
                config.integer("passgate.otp.max-attempts", d.maxAttempts(), 1, 10),
                resendAfter,
                config.integer("passgate.otp.max-sends-per-hour", d.maxSendsPerHour(), 1, 100),
                config.duration("passgate.otp.sms-timeout", d.smsTimeout(), MIN_SMS_TIMEOUT, MAX_SMS_TIMEOUT));
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
