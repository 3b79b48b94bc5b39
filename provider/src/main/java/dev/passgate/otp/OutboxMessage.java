package dev.passgate.otp;

import java.time.Instant;
import java.util.Objects;

/** A message the dev outbox kept instead of sending it. */
public record OutboxMessage(Instant sentAt, Channel channel, String destination, String message) {
    public OutboxMessage {
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(message, "message");
    }
}
