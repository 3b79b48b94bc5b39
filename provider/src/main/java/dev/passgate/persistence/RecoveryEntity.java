package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "recoveries")
public class RecoveryEntity {
    @Id
    @Column(name = "id_hash")
    String idHash;
    @Column(name = "user_id")
    String userId;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    int attempts;
    @Column(name = "verified_at")
    Instant verifiedAt;
    String stamp;
    boolean link;
}
