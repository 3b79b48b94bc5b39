package dev.passgate.login.intelligence;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What this browser remembers (a signed long-lived cookie, see {@code DeviceCookie}): the passkeys
 * used successfully from it, and its recent passkey failures.
 */
public record DeviceRecord(Set<String> credentialIds, int recentFailures, Optional<Instant> lastFailureAt) {
    public static final DeviceRecord EMPTY = new DeviceRecord(Set.of(), 0, Optional.empty());

    public DeviceRecord {
        credentialIds = Set.copyOf(credentialIds);
    }

    public boolean knowsAnyOf(java.util.Collection<PasskeySummary> passkeys) {
        return passkeys.stream().anyMatch(p -> credentialIds.contains(p.credentialId()));
    }
}
