package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "sso_sessions")
public class SessionEntity {
    @Id
    @Column(name = "id_hash")
    String idHash;
    String sid;
    @Column(name = "user_id")
    String userId;
    @Column(name = "auth_time")
    Instant authTime;
    String amr;
    String acr;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    String browser;
    String network;
}
