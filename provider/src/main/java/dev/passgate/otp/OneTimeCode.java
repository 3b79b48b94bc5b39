package dev.passgate.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * A login flow's current one-time code as stored: its HMAC, never the code. A flow has at most one
 * code; sending again replaces it but keeps {@code createdAt} and {@code attempts}, the login's
 * failure count.
 *
 * @param flowKey           the login flow the code belongs to, e.g. the SHA-256 of its transaction id
 * @param destination       where it went, normalized by {@link Channel#normalize}; kept for resends
 * @param codeMac           lower-case hex HMAC-SHA256 of flow key and code
 * @param createdAt         the flow's first send
 * @param lastSentAt        when this code was sent
 * @param attempts          tries spent by this login, right or wrong
 */
public record OneTimeCode(String flowKey, String userId, Channel channel, String destination,
                          String maskedDestination, String codeMac, Instant createdAt, Instant expiresAt,
                          Instant lastSentAt, int attempts, boolean consumed) {
    public OneTimeCode {
        OneTimeCodes.requireFlowKey(flowKey);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(maskedDestination, "maskedDestination");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastSentAt, "lastSentAt");
        if (codeMac == null || !codeMac.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("codeMac must be 64 lower-case hex digits");
        }
        if (!expiresAt.isAfter(lastSentAt) || lastSentAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("created <= last sent < expires must hold");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    @Override
    public String toString() { // the HMAC is all that stands between a dump and the code: keep it out of logs
        return "OneTimeCode[flowKey=" + flowKey + ", userId=" + userId + ", channel=" + channel + ", to="
                + maskedDestination + ", expiresAt=" + expiresAt + ", attempts=" + attempts + ", consumed=" + consumed + "]";
    }
}
