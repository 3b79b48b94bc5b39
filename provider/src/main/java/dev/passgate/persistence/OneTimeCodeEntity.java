package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "one_time_codes")
public class OneTimeCodeEntity {
    @Id
    @Column(name = "flow_key")
    String flowKey;
    @Column(name = "user_id")
    String userId;
    String channel;
    String destination;
    @Column(name = "masked_destination")
    String maskedDestination;
    @Column(name = "code_mac")
    String codeMac;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "last_sent_at")
    Instant lastSentAt;
    int attempts;
    boolean consumed;
}
