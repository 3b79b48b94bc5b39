package dev.passgate.transaction;

import java.util.function.Supplier;

/**
 * One database transaction for everything a request does (issue 13): the login's step, its audit events and
 * any change to the account commit together or not at all, one log flush per request instead of one per store
 * call. A request that fails leaves nothing half-written, and its events go with it.
 */
public interface OneTransaction {

    /** Runs {@code work}; every store call it makes on this thread joins one transaction, committed when it returns. */
    <T> T run(Supplier<T> work);

    /**
     * Runs {@code effect} once what this thread has written is committed: at the end of its unit, or at once
     * outside one; never when the unit rolls back. For what tells the world outside the database (a log line, a
     * metric) that something happened: it must not say so of a request that left nothing.
     */
    void afterCommit(Runnable effect);
}
