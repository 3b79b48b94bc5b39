package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "dev_outbox")
public class DevOutboxEntity {
    @Id
    String id;
    @Column(name = "sent_at")
    Instant sentAt;
    String channel;
    String destination;
    String message;
}
