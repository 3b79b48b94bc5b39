package dev.passgate.persistence;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Which clients received tokens in a session: the back-channel logout fan-out list. */
@Entity
@Table(name = "session_clients")
@IdClass(SessionClientEntity.Key.class)
public class SessionClientEntity {
    @Id
    String sid;
    @Id
    @Column(name = "client_id")
    String clientId;

    public static class Key implements Serializable {
        String sid;
        String clientId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(sid, k.sid) && Objects.equals(clientId, k.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sid, clientId);
        }
    }
}
