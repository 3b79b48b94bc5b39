package dev.passgate.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "authorization_codes")
public class AuthorizationCodeEntity {
    @Id
    @Column(name = "code_hash")
    String codeHash;
    @Column(name = "grant_id")
    String grantId;
    @Column(name = "client_id")
    String clientId;
    @Column(name = "redirect_uri")
    String redirectUri;
    @Column(name = "code_challenge")
    String codeChallenge;
    @Column(name = "code_challenge_method")
    String codeChallengeMethod;
    String nonce;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "used_at")
    Instant usedAt;
}
