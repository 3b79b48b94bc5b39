package dev.passgate.otp;

import java.util.List;

/** The dev outbox's messages, in the database so that every node shows the same ones. No method returns null. */
public interface DevOutboxStore {

    /** Adds the message and drops all but the {@code keep} newest. */
    void add(OutboxMessage message, int keep);

    /** At most {@code limit} messages, newest first. */
    List<OutboxMessage> recent(int limit);
}
