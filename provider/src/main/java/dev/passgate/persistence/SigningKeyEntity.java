package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity {
    @Id
    String kid;
    String alg;
    @Column(name = "public_jwk")
    String publicJwk;
    /** AES-GCM ciphertext of the private JWK; see {@code KeyVault}. */
    @Column(name = "private_jwk")
    String privateJwk;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "retired_at")
    Instant retiredAt;
    @Column(name = "remove_after")
    Instant removeAfter;
}
