package dev.passgate.otp;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Dev mode's stand-in for a channel that is not configured: keeps the last {@value #KEEP} messages
 * for a dev-only page and writes each to the log. Unlike the real channels it does log the code:
 * in dev mode the log and the page are the channel, and production mode never builds one
 * ({@link Deliveries#forSettings}).
 */
public final class DevOutbox implements CodeDelivery {
    public static final int KEEP = 50;
    private static final Logger LOG = Logger.getLogger(DevOutbox.class.getName());

    private final DevOutboxStore store;
    private final Clock clock;

    public DevOutbox(DevOutboxStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void deliver(Channel channel, String destination, CodeMessage message) {
        store.add(new OutboxMessage(clock.instant(), channel, destination, message.text()), KEEP);
        LOG.info(() -> "DEV OUTBOX: code for " + channel.mask(destination) + " by " + channel + ": " + message.text());
    }

    /** The kept messages, newest first. */
    public List<OutboxMessage> recent() {
        return store.recent(KEEP);
    }
}
