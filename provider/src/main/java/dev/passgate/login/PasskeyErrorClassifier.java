package dev.passgate.login;

import java.time.Duration;

/**
 * Turns what the browser reports after a failed ceremony ({@code DOMException.name}, how long it
 * took) into a catalogue error. Browsers deliberately fold several causes into
 * {@code NotAllowedError} (WebAuthn L3 §13.5.7, privacy), so timing separates them:
 * <ul>
 * <li>immediate (under {@link #IMMEDIATE}): the browser answered without asking the person — no
 *     matching passkey here, or a user verification refused at once. When this browser used one
 *     of the account's passkeys before, a failed verification is likelier than a missing passkey;</li>
 * <li>at the timeout (within {@link #TIMEOUT_MARGIN} of it): nobody answered the prompt;</li>
 * <li>in between, at human speed: the person cancelled or picked nothing.</li>
 * </ul>
 */
public final class PasskeyErrorClassifier {
    public static final Duration IMMEDIATE = Duration.ofMillis(1500);
    public static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(3);

    public enum Ceremony { AUTHENTICATION, REGISTRATION }

    public LoginError classify(Ceremony ceremony, String domExceptionName, Duration elapsed, Duration timeout,
                               boolean deviceUsedAccountPasskeyBefore) {
        String name = domExceptionName == null ? "" : domExceptionName;
        boolean immediate = elapsed.compareTo(IMMEDIATE) < 0;
        boolean atTimeout = elapsed.compareTo(timeout.minus(TIMEOUT_MARGIN)) >= 0;
        if (ceremony == Ceremony.AUTHENTICATION) {
            return switch (name) {
                case "NotAllowedError" -> atTimeout ? LoginError.PASSKEY_TIMED_OUT
                        : immediate ? (deviceUsedAccountPasskeyBefore ? LoginError.BIOMETRIC_NOT_VERIFIED
                        : LoginError.NO_PASSKEY_ON_DEVICE)
                        : LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED;
                case "AbortError" -> LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED;
                case "SecurityError" -> LoginError.PASSKEY_UNAVAILABLE;
                case "NotSupportedError", "NoWebAuthn" -> LoginError.NOT_SUPPORTED;
                case "InvalidStateError", "ConstraintError" -> LoginError.NO_COMPATIBLE_DEVICE;
                default -> LoginError.VERIFICATION_NOT_COMPLETED;
            };
        }
        return switch (name) {
            case "NotAllowedError" -> atTimeout ? LoginError.SETUP_TIMED_OUT
                    : immediate ? LoginError.NO_COMPATIBLE_DEVICE : LoginError.SETUP_CANCELLED;
            case "AbortError" -> LoginError.SETUP_CANCELLED;
            case "InvalidStateError" -> LoginError.ALREADY_REGISTERED; // the authenticator holds an excluded credential
            case "SecurityError" -> LoginError.SETUP_UNAVAILABLE;
            case "NotSupportedError", "NoWebAuthn" -> LoginError.NOT_SUPPORTED;
            case "ConstraintError" -> LoginError.NO_COMPATIBLE_DEVICE;
            default -> LoginError.REGISTRATION_FAILED;
        };
    }
}
