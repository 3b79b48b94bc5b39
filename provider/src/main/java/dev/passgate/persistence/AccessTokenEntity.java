package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "access_tokens")
public class AccessTokenEntity {
    @Id
    String jti;
    @Column(name = "grant_id")
    String grantId;
    @Column(name = "client_id")
    String clientId;
    String subject;
    String scope;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "revoked_at")
    Instant revokedAt;
}
