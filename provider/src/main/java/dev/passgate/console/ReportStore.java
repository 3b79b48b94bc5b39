package dev.passgate.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The counts the passkey reports are drawn from, each one aggregate query on indexed columns: the
 * database counts, nothing loads events into memory.
 */
public interface ReportStore {

    /** How many events of a type had an outcome, in [from, to). */
    record TypeCount(String type, String outcome, long n) {
    }

    /** How many events of one type had each (outcome, detail), in [from, to). */
    record Count(String outcome, String detail, long n) {
    }

    /** Events of one type per UTC day (the outcome is left empty). */
    record DayCount(LocalDate day, String outcome, long n) {
    }

    /** One kind of passkey (synced now, can sync, this device only) by authenticator (AAGUID). */
    record PasskeyCount(String aaguid, boolean syncable, boolean synced, long n) {
    }

    /** Events of these types by type and outcome: one pass over the range. */
    List<TypeCount> counts(java.util.Set<String> types, Instant from, Instant to);

    /** Events of one type by outcome and detail: for a type whose detail has few values (a sign-in's ceremony). */
    List<Count> details(String type, Instant from, Instant to);

    List<DayCount> perDay(String type, Instant from, Instant to);

    List<PasskeyCount> passkeys();

    /** Active accounts whose first passkey was made on each day (for adoption over time), all days. */
    List<DayCount> firstPasskeyPerDay();

    long activeAccounts();

    /**
     * How long passkey ceremonies take, from the challenge to the verified answer, measured by the server. A port
     * of its own: one percentile query, kept apart from the counts.
     */
    interface Timings {
        /** @param n ceremonies measured; the times in milliseconds (0 when none) */
        record Spread(long n, long medianMs, long p90Ms) {
        }

        Spread ceremonyTime(Instant from, Instant to);
    }
}
