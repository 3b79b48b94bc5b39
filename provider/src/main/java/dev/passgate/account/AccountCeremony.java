package dev.passgate.account;

import java.time.Instant;

/**
 * A passkey registration an account page started: its challenge and user handle (base64url), kept
 * server-side so the answer is checked against what this session was issued, once.
 *
 * @param sid the session's public id (it survives a re-verification; the cookie's hash does not)
 */
public record AccountCeremony(String sid, String userId, String challenge, String userHandle, Instant validUntil) {
}
