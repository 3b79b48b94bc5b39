package dev.passgate.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to an account's passkeys that its holder is told about (issue 10): what, which
 * passkey, from which browser, when. Stored before it is sent, so a failed send is retried.
 *
 * @param passkeyName the passkey added (or removed) as the account pages name it
 * @param replaced    for {@link Kind#PASSKEY_REPLACED}: the passkey that was removed
 * @param browser     a summary of the User-Agent ("Chrome (macOS)"); empty when unknown
 * @param sync        for a passkey added: SYNCED, SYNCABLE (may sync, does not yet) or DEVICE (this device only), so
 *                    the notice can teach what that means
 */
public record Notice(String id, String userId, Kind kind, String passkeyName, Optional<String> replaced, String browser,
                     Instant at, Optional<String> sync) {

    public Notice(String id, String userId, Kind kind, String passkeyName, Optional<String> replaced, String browser, Instant at) {
        this(id, userId, kind, passkeyName, replaced, browser, at, Optional.empty());
    }

    /** What changed. The account kinds carry no passkey name (empty). */
    public enum Kind { PASSKEY_ADDED, PASSKEY_REPLACED, PASSKEY_REMOVED, PASSWORD_CHANGED, ACCOUNT_DELETED,
        EMAIL_CHANGED, PHONE_CHANGED, RECOVERED, PASSKEYS_RESET, SIGNED_OUT_BY_SUPPORT, DEACTIVATED, REACTIVATED,
        RECOVERY_LINK_ISSUED, PASSWORD_CHANGE_ASKED }

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(passkeyName, "passkeyName");
        Objects.requireNonNull(replaced, "replaced");
        browser = browser == null ? "" : browser;
        Objects.requireNonNull(at, "at");
        sync = sync == null ? Optional.empty() : sync;
    }
}
