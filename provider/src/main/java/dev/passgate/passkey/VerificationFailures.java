package dev.passgate.passkey;

import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadBackupEligibleFlagException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.BadTopOriginException;
import com.webauthn4j.verifier.exception.ConstraintViolationException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.IllegalBackupStateException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

/**
 * The one place that reads webauthn4j's verification exceptions. Both ceremonies' failure enums
 * name the checks they share alike ({@code CHALLENGE_MISMATCH}, {@code BAD_ORIGIN}, ...), so a
 * failed check maps to the ceremony's constant of the same name; a check that a ceremony has no
 * constant for is its {@code VERIFICATION_FAILED}.
 */
final class VerificationFailures {
    private VerificationFailures() {
    }

    static <E extends Enum<E>> E classify(VerificationException e, Class<E> failures) {
        try {
            return Enum.valueOf(failures, check(e));
        } catch (IllegalArgumentException notAFailureOfThisCeremony) {
            return Enum.valueOf(failures, "VERIFICATION_FAILED");
        }
    }

    private static String check(VerificationException e) {
        if (e instanceof BadChallengeException || e instanceof MissingChallengeException) {
            return "CHALLENGE_MISMATCH";
        }
        if (e instanceof BadOriginException || e instanceof CrossOriginException || e instanceof BadTopOriginException) {
            return "BAD_ORIGIN";
        }
        if (e instanceof BadRpIdException) {
            return "BAD_RP_ID";
        }
        if (e instanceof UserNotPresentException) {
            return "USER_PRESENCE_MISSING";
        }
        if (e instanceof UserNotVerifiedException) {
            return "USER_VERIFICATION_MISSING";
        }
        if (e instanceof NotAllowedAlgorithmException || e instanceof BadAlgorithmException) {
            return "UNSUPPORTED_ALGORITHM";
        }
        if (e instanceof IllegalBackupStateException || e instanceof BadBackupEligibleFlagException) {
            return "BACKUP_FLAGS_INCONSISTENT";
        }
        if (e instanceof BadSignatureException) {
            return "BAD_SIGNATURE";
        }
        if (e instanceof MaliciousCounterValueException) {
            return "POSSIBLE_CLONE";
        }
        if (e instanceof ConstraintViolationException) {
            return "MALFORMED";
        }
        return "VERIFICATION_FAILED";
    }
}
