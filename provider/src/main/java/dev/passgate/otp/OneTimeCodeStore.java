package dev.passgate.otp;

import java.time.Instant;
import java.util.Optional;

/**
 * One-time codes, one per login flow. Lives in the database so that any node can verify a code
 * another node sent. No method returns null. The sends behind the hourly cap are {@link CodeSendLog}.
 */
public interface OneTimeCodeStore {

    /**
     * Stores the flow's code, replacing the flow's earlier code if there is one. Never lowers the
     * tries already spent on the flow: tries charged since the caller read them stay charged.
     */
    void save(OneTimeCode code);

    Optional<OneTimeCode> find(String flowKey);

    /**
     * Spends one try on the flow's code, atomically across nodes, before the guess is judged: a burst
     * of parallel guesses then gets no more tries than the limit.
     *
     * @param codeMac     the code the caller is about to judge against; a code replaced meanwhile is not charged
     * @param maxAttempts tries a code may have
     * @return the code with the try counted; empty when the flow has no code, or it was replaced, consumed or
     *         already has {@code maxAttempts} tries
     */
    Optional<OneTimeCode> spendAttempt(String flowKey, String codeMac, int maxAttempts);

    /**
     * Marks the code used, so it never verifies again.
     *
     * @return false when it was used already, or replaced meanwhile
     */
    boolean consume(String flowKey, String codeMac);

    /**
     * Deletes codes that expired before {@code now}, and sends that left the {@link CodeSendLog#SEND_WINDOW}.
     *
     * @return the number of rows deleted
     */
    int purge(Instant now);
}
