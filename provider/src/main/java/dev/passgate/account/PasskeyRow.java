package dev.passgate.account;

import java.time.Instant;
import java.util.Optional;

import dev.passgate.passkey.Passkey;

/**
 * One passkey as the account pages show it.
 *
 * @param id       the credential id (base64url), the handle forms send back
 * @param icon     the provider's icon from the AAGUID list (an SVG data URI), when it has one
 * @param synced   backup state (BS): the passkey is synced to the person's other devices now
 * @param syncable backup eligible (BE): it may be synced; false means bound to one device for good
 * @param origin   how it was made
 */
public record PasskeyRow(String id, String name, Optional<String> icon, Instant createdAt, Optional<Instant> lastUsedAt,
                         boolean synced, boolean syncable, Passkey.Origin origin) {

    public static PasskeyRow of(Passkey p, Optional<String> icon) {
        return new PasskeyRow(p.credentialId().toString(), p.name(), icon, p.createdAt(), Optional.ofNullable(p.lastUsedAt()),
                p.backupState(), p.backupEligible(), p.origin());
    }
}
