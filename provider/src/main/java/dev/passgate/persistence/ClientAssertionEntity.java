package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "client_assertions")
public class ClientAssertionEntity {
    @Id
    @Column(name = "jti_key")
    String jtiKey;
    @Column(name = "expires_at")
    Instant expiresAt;
}
