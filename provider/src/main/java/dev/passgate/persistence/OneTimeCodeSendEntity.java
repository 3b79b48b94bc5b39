package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "one_time_code_sends")
public class OneTimeCodeSendEntity {
    @Id
    String id;
    @Column(name = "user_id")
    String userId;
    @Column(name = "sent_at")
    Instant sentAt;
    /** Whose hourly budget the send counts toward: {@code login} (also account changes) or {@code recovery}. */
    @Column(name = "purpose")
    String purpose;
}
