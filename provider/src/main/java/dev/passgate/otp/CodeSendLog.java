package dev.passgate.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The codes sent to each account, behind the per-account hourly cap; shared by all nodes. */
public interface CodeSendLog {

    /** The window of the per-account send cap. */
    Duration SEND_WINDOW = Duration.ofHours(1);

    /**
     * Counts one message to the user toward the hourly cap unless the user already had {@code cap} sends in the
     * window. Checked and recorded under a lock on the account, so sends racing on several nodes never pass the
     * cap together, nor are both refused the last place. {@code sendId} lets {@link #forgetSend} take it back.
     *
     * @return false, recording nothing, when the cap is reached
     */
    boolean recordSend(String sendId, String userId, Instant sentAt, int cap);

    void forgetSend(String sendId);

    /** When the user was sent codes after {@code since} (exclusive), oldest first. */
    List<Instant> sendsSince(String userId, Instant since);
}
