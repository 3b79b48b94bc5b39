-- Passgate core schema. Runs unchanged on H2 2.x and PostgreSQL 15+.
-- Secrets never stored in clear: codes and tokens as SHA-256 (hex), passwords as Argon2id,
-- signing private keys encrypted (AES-GCM) under a key derived from passgate.secret.

CREATE TABLE users (
    id              VARCHAR(36)  PRIMARY KEY,
    username        VARCHAR(255) NOT NULL,
    username_key    VARCHAR(255) NOT NULL,
    email           VARCHAR(320),
    email_key       VARCHAR(320),
    email_verified  BOOLEAN      NOT NULL,
    phone           VARCHAR(32),
    phone_verified  BOOLEAN      NOT NULL,
    given_name      VARCHAR(255),
    family_name     VARCHAR(255),
    display_name    VARCHAR(255),
    password_hash   VARCHAR(512),
    active          BOOLEAN      NOT NULL,
    failed_logins   INTEGER      NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT       NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username_key);
CREATE UNIQUE INDEX users_email_key ON users (email_key);

CREATE TABLE signing_keys (
    kid           VARCHAR(64)   PRIMARY KEY,
    alg           VARCHAR(16)   NOT NULL,
    public_jwk    VARCHAR(8000) NOT NULL,
    private_jwk   VARCHAR(20000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at    TIMESTAMP WITH TIME ZONE,
    remove_after  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE sso_sessions (
    id_hash     VARCHAR(64)  PRIMARY KEY,
    sid         VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(36)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    amr         VARCHAR(255) NOT NULL,
    acr         VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX sso_sessions_sid ON sso_sessions (sid);
CREATE INDEX sso_sessions_expires ON sso_sessions (expires_at);

CREATE TABLE session_clients (
    sid        VARCHAR(64)  NOT NULL,
    client_id  VARCHAR(255) NOT NULL,
    PRIMARY KEY (sid, client_id)
);

CREATE TABLE interactions (
    id_hash         VARCHAR(64)    PRIMARY KEY,
    client_id       VARCHAR(255)   NOT NULL,
    request_params  VARCHAR(20000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id         VARCHAR(36),
    auth_time       TIMESTAMP WITH TIME ZONE,
    amr             VARCHAR(255),
    acr             VARCHAR(255)
);
CREATE INDEX interactions_expires ON interactions (expires_at);

CREATE TABLE grants (
    id          VARCHAR(36)   PRIMARY KEY,
    client_id   VARCHAR(255)  NOT NULL,
    user_id     VARCHAR(36),
    scope       VARCHAR(2000) NOT NULL,
    sid         VARCHAR(64),
    auth_time   TIMESTAMP WITH TIME ZONE,
    amr         VARCHAR(255),
    acr         VARCHAR(255),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX grants_expires ON grants (expires_at);

CREATE TABLE authorization_codes (
    code_hash              VARCHAR(64)   PRIMARY KEY,
    grant_id               VARCHAR(36)   NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    client_id              VARCHAR(255)  NOT NULL,
    redirect_uri           VARCHAR(2000) NOT NULL,
    code_challenge         VARCHAR(128),
    code_challenge_method  VARCHAR(16),
    nonce                  VARCHAR(512),
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at                TIMESTAMP WITH TIME ZONE
);

CREATE TABLE refresh_tokens (
    token_hash  VARCHAR(64)   PRIMARY KEY,
    grant_id    VARCHAR(36)   NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    client_id   VARCHAR(255)  NOT NULL,
    scope       VARCHAR(2000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_tokens_grant ON refresh_tokens (grant_id);

CREATE TABLE access_tokens (
    jti         VARCHAR(64)   PRIMARY KEY,
    grant_id    VARCHAR(36),
    client_id   VARCHAR(255)  NOT NULL,
    subject     VARCHAR(255)  NOT NULL,
    scope       VARCHAR(2000) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX access_tokens_grant ON access_tokens (grant_id);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);

-- private_key_jwt assertions seen, so a replayed client assertion is refused (RFC 7523 §3 item 7).
CREATE TABLE client_assertions (
    jti_key     VARCHAR(64) PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
