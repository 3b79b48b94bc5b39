package dev.passgate.notify;

import java.time.Instant;
import java.util.List;

/** Notices waiting to be sent, shared by all nodes. No method returns null. */
public interface NoticeStore {

    /** A notice as queued: with the sends tried so far. */
    record Queued(Notice notice, int attempts) {
    }

    void add(Notice notice);

    /**
     * Takes up to {@code max} notices due at {@code now} for this node until {@code leaseUntil}: another
     * node asking meanwhile gets others, and a node that dies mid-send leaves them due again after the lease.
     */
    List<Queued> claimDue(Instant now, Instant leaseUntil, int max);

    void sent(String id, Instant at);

    /** A send failed (one more attempt): try again at {@code retryAt}, or never when it is empty (given up, logged). */
    void failed(String id, java.util.Optional<Instant> retryAt);

    /** Deletes notices sent or given up before {@code before}; returns how many. */
    int purge(Instant before);
}
