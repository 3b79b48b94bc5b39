package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "audit_events")
public class AuditEventEntity {
    @Id
    String id;
    @Column(name = "occurred_at")
    Instant occurredAt;
    @Column(name = "event_type")
    String eventType;
    @Column(name = "user_id")
    String userId;
    String outcome;
    String detail;
    /** A duration the event measured (its detail's {@code elapsedMs=}), as a number the reports take percentiles of. */
    @jakarta.persistence.Column(name = "elapsed_ms")
    Integer elapsedMs;
    @Column(name = "client_id")
    String clientId;
    @Column(name = "login_id")
    String loginId;
    String node;
    String network;
}
