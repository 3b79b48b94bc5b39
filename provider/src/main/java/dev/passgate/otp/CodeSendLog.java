package dev.passgate.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The codes sent to each account, behind the per-account hourly cap; shared by all nodes. */
public interface CodeSendLog {

    /** The window of the per-account send cap. */
    Duration SEND_WINDOW = Duration.ofHours(1);

    /** Counts one message to the user toward the hourly cap; {@code sendId} lets {@link #forgetSend} take it back. */
    void recordSend(String sendId, String userId, Instant sentAt);

    void forgetSend(String sendId);

    /** When the user was sent codes after {@code since} (exclusive), oldest first. */
    List<Instant> sendsSince(String userId, Instant since);
}
