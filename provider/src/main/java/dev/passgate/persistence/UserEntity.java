package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "users")
public class UserEntity {
    @Id
    String id;
    String username;
    @Column(name = "username_key")
    String usernameKey;
    String email;
    @Column(name = "email_key")
    String emailKey;
    @Column(name = "email_verified")
    boolean emailVerified;
    String phone;
    @Column(name = "phone_verified")
    boolean phoneVerified;
    @Column(name = "given_name")
    String givenName;
    @Column(name = "family_name")
    String familyName;
    @Column(name = "display_name")
    String displayName;
    @Column(name = "password_hash")
    String passwordHash;
    boolean active;
    @Column(name = "password_change_required")
    boolean passwordChangeRequired;
    /** Space-separated. */
    String roles;
    @Column(name = "failed_logins")
    int failedLogins;
    @Column(name = "locked_until")
    Instant lockedUntil;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "passkey_offer_skipped_at")
    Instant passkeyOfferSkippedAt;
    @Column(name = "sign_ins_since_skip")
    int signInsSinceSkip;
    /** base64 WebAuthn user handle, set with the first passkey and kept when the last one goes (V11). */
    @Column(name = "passkey_user_handle")
    String passkeyUserHandle;
    @Version
    long version;
}
