package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "account_ceremonies")
public class AccountCeremonyEntity {
    @Id
    String sid;
    @Column(name = "user_id")
    String userId;
    String challenge;
    @Column(name = "user_handle")
    String userHandle;
    @Column(name = "valid_until")
    Instant validUntil;
}
