-- The passkey-first login: one transaction per authorization request, so any node serves any
-- step; the audit trail (every passkey decision with its reason); password throttling; and the
-- "I'll do it later" record on accounts.

CREATE TABLE login_transactions (
    id_hash                VARCHAR(64)   PRIMARY KEY,
    state                  VARCHAR(32)   NOT NULL,
    user_id                VARCHAR(36),
    identifier             VARCHAR(320),
    passkey_failures       INTEGER       NOT NULL,
    passkey_error_seen     BOOLEAN       NOT NULL,
    last_error             VARCHAR(64),
    decision               VARCHAR(16),
    challenge              VARCHAR(128),
    challenge_purpose      VARCHAR(16),
    user_handle            VARCHAR(128),
    capabilities           VARCHAR(200),
    password_verified      BOOLEAN       NOT NULL,
    otp_channel            VARCHAR(8),
    amr                    VARCHAR(255),
    acr                    VARCHAR(255),
    auth_time              TIMESTAMP WITH TIME ZONE,
    offer_kind             VARCHAR(16),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    version                BIGINT        NOT NULL
);
CREATE INDEX login_transactions_expires ON login_transactions (expires_at);

CREATE TABLE audit_events (
    id          VARCHAR(36)   PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type  VARCHAR(64)   NOT NULL,
    user_id     VARCHAR(36),
    outcome     VARCHAR(64)   NOT NULL,
    detail      VARCHAR(1000)
);
CREATE INDEX audit_events_user ON audit_events (user_id, occurred_at);
CREATE INDEX audit_events_type ON audit_events (event_type, occurred_at);

CREATE TABLE login_throttle (
    key_hash      VARCHAR(64) PRIMARY KEY,
    failures      INTEGER     NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE users ADD COLUMN passkey_offer_skipped_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN sign_ins_since_skip INTEGER NOT NULL DEFAULT 0;
