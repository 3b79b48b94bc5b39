package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "job_leases")
public class JobLeaseEntity {
    @Id
    String name;
    String holder;
    @Column(name = "expires_at")
    Instant expiresAt;
}
