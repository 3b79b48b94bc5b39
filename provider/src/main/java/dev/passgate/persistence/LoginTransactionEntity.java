package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "login_transactions")
public class LoginTransactionEntity {
    @Id
    @Column(name = "id_hash")
    String idHash;
    String state;
    @Column(name = "user_id")
    String userId;
    String identifier;
    @Column(name = "passkey_failures")
    int passkeyFailures;
    @Column(name = "passkey_error_seen")
    boolean passkeyErrorSeen;
    @Column(name = "failed_credential")
    String failedCredential;
    @Column(name = "last_error")
    String lastError;
    String decision;
    String challenge;
    @Column(name = "challenge_purpose")
    String challengePurpose;
    @Column(name = "user_handle")
    String userHandle;
    @Column(name = "challenge_expires_at")
    Instant challengeExpiresAt;
    String capabilities;
    @Column(name = "password_verified")
    boolean passwordVerified;
    @Column(name = "otp_channel")
    String otpChannel;
    String amr;
    String acr;
    @Column(name = "auth_time")
    Instant authTime;
    @Column(name = "offer_kind")
    String offerKind;
    String ceremony;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    long version;
}
