package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "passkeys")
public class PasskeyEntity {
    /** base64url without padding, as browsers write it. */
    @Id
    @Column(name = "credential_id")
    String credentialId;
    @Column(name = "user_id")
    String userId;
    /** base64. */
    @Column(name = "user_handle")
    String userHandle;
    /** base64. */
    @Column(name = "attested_credential_data")
    String attestedCredentialData;
    @Column(name = "sign_count")
    long signCount;
    /** Space-separated. */
    String transports;
    @Column(name = "backup_eligible")
    boolean backupEligible;
    @Column(name = "backup_state")
    boolean backupState;
    @Column(name = "uv_initialized")
    boolean uvInitialized;
    String aaguid;
    String name;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "last_used_at")
    Instant lastUsedAt;
    /** {@code Passkey.Origin} by name; null for passkeys made before V11. */
    @Column(name = "created_via")
    String createdVia;
}
