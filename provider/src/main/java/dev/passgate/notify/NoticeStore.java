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

    /** Sent; only by the holder of the claim ending at {@code lease} (a node whose lease ran out changes nothing). */
    void sent(String id, Instant lease, Instant at);

    /**
     * A send failed (one more attempt), by the holder of the claim ending at {@code lease}: try again at
     * {@code retryAt}, or never when it is empty (given up, logged).
     */
    void failed(String id, Instant lease, java.util.Optional<Instant> retryAt);

    /** Deletes notices sent or given up before {@code before}; returns how many. */
    int purge(Instant before);
}
