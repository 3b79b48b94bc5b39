package dev.passgate.login.steps;

import java.util.Optional;

import dev.passgate.login.LoginError;
import dev.passgate.otp.Check;
import dev.passgate.otp.SendRefusedException;

/** One-time code outcomes in the login's error catalogue. */
final class OtpErrors {
    private OtpErrors() {
    }

    interface Send {
        void run() throws SendRefusedException;
    }

    static Optional<LoginError> of(Send send) {
        try {
            send.run();
            return Optional.empty();
        } catch (SendRefusedException e) {
            return Optional.of(switch (e.reason()) {
                case TOO_SOON -> LoginError.CODE_RESEND_TOO_SOON;
                case HOURLY_CAP_REACHED -> LoginError.CODE_SEND_LIMIT;
                case DELIVERY_FAILED -> LoginError.DELIVERY_FAILED;
                case TOO_MANY_ATTEMPTS -> LoginError.CODE_TOO_MANY_ATTEMPTS;
                case NO_CODE -> LoginError.CODE_EXPIRED;
            });
        }
    }

    static Optional<LoginError> check(Check check) {
        return switch (check.outcome()) {
            case VALID -> Optional.empty();
            case WRONG -> Optional.of(LoginError.CODE_WRONG);
            case EXPIRED, NO_CODE -> Optional.of(LoginError.CODE_EXPIRED);
            case TOO_MANY_ATTEMPTS -> Optional.of(LoginError.CODE_TOO_MANY_ATTEMPTS);
        };
    }
}
