package dev.passgate.otp;

/**
 * Carries a message with a one-time code to a person. Implementations never log the message: it
 * holds the code.
 */
public interface CodeDelivery {

    /**
     * Returns once the channel has accepted the message (the SMTP server or the SMS gateway said yes).
     *
     * @param destination as normalized by {@link Channel#normalize}
     * @throws DeliveryException when the channel refused it, failed or did not answer in time
     */
    void deliver(Channel channel, String destination, CodeMessage message) throws DeliveryException;
}
