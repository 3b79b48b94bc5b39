package dev.passgate.login.intelligence;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What the decision needs to know of one of the account's passkeys. */
public record PasskeySummary(String credentialId, Set<String> transports, boolean backupEligible, boolean backupState,
                             Optional<Instant> lastUsedAt) {
    public PasskeySummary {
        transports = Set.copyOf(transports);
    }

    /** A synced passkey (iCloud Keychain, Google Password Manager...) likely on this device's platform authenticator. */
    public boolean isSynced() {
        return backupEligible && backupState;
    }

    /** Only reachable through a roaming authenticator the user must plug in or tap: a security key. */
    public boolean isSecurityKeyOnly() {
        return !transports.isEmpty() && transports.stream().allMatch(t -> t.equals("usb") || t.equals("nfc") || t.equals("ble"));
    }
}
