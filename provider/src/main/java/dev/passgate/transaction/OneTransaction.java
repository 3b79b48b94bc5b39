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
}
