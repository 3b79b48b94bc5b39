package dev.passgate.otp;

/** A channel did not take a message. The message says why, for the operator's log; it never holds the code. */
public class DeliveryException extends Exception {
    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
