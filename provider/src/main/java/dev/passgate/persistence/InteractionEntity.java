package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "interactions")
public class InteractionEntity {
    @Id
    @Column(name = "id_hash")
    String idHash;
    @Column(name = "browser_binding")
    String browserBinding;
    @Column(name = "client_id")
    String clientId;
    @Column(name = "request_params")
    String requestParams;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "user_id")
    String userId;
    @Column(name = "auth_time")
    Instant authTime;
    String amr;
    String acr;
}
