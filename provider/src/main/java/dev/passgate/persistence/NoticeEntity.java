package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "notices")
public class NoticeEntity {
    @Id
    String id;
    @Column(name = "user_id")
    String userId;
    String kind;
    @Column(name = "passkey_name")
    String passkeyName;
    @Column(name = "replaced_name")
    String replacedName;
    String browser;
    @Column(name = "created_at")
    Instant createdAt;
    int attempts;
    /** When to try (again); null once sent or given up. */
    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;
    @Column(name = "claimed_until")
    Instant claimedUntil;
    @Column(name = "sent_at")
    Instant sentAt;
    /** SYNCED, SYNCABLE or DEVICE for a passkey added (V14); null otherwise. */
    String sync;
}
