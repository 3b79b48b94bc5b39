package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "grants")
public class GrantEntity {
    @Id
    String id;
    @Column(name = "client_id")
    String clientId;
    @Column(name = "user_id")
    String userId;
    String scope;
    String sid;
    @Column(name = "auth_time")
    Instant authTime;
    String amr;
    String acr;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "revoked_at")
    Instant revokedAt;
}
