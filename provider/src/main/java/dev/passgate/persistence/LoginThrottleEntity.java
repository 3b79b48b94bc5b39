package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "login_throttle")
public class LoginThrottleEntity {
    @Id
    @Column(name = "key_hash")
    String keyHash;
    int failures;
    @Column(name = "locked_until")
    Instant lockedUntil;
    @Column(name = "updated_at")
    Instant updatedAt;
}
