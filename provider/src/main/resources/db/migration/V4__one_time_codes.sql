-- One-time codes for the second factor. Runs unchanged on H2 2.x and PostgreSQL 15+.
-- A code is kept only as HMAC-SHA256 (hex) under a key derived from passgate.secret: a plain
-- hash of a six-digit code would fall to brute force from a dump of this table.

-- One row per login flow: a resend replaces the code in place and keeps "attempts", the
-- login's failure count, so resending never buys fresh guesses.
CREATE TABLE one_time_codes (
    flow_key            VARCHAR(128) PRIMARY KEY,
    user_id             VARCHAR(36)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel             VARCHAR(8)   NOT NULL,
    destination         VARCHAR(320) NOT NULL,
    masked_destination  VARCHAR(330) NOT NULL,
    code_mac            VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sent_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts            INTEGER      NOT NULL,
    consumed            BOOLEAN      NOT NULL
);
CREATE INDEX one_time_codes_expires ON one_time_codes (expires_at);

-- Every code sent, per account, for the hourly cap. A table of its own rather than columns on
-- one_time_codes: the cap spans all of an account's logins (an attacker would simply start new
-- ones), a sliding hour needs each send's time, and a code row is replaced on resend and
-- purged on expiry while its sends must still count.
CREATE TABLE one_time_code_sends (
    id       VARCHAR(36) PRIMARY KEY,
    user_id  VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX one_time_code_sends_user ON one_time_code_sends (user_id, sent_at);

-- Dev mode only: messages kept instead of sent when no SMTP server or SMS gateway is configured
-- (the last 50), in the database so that every node's dev page shows them.
CREATE TABLE dev_outbox (
    id           VARCHAR(36)   PRIMARY KEY,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    channel      VARCHAR(8)    NOT NULL,
    destination  VARCHAR(320)  NOT NULL,
    message      VARCHAR(2000) NOT NULL
);
CREATE INDEX dev_outbox_sent ON dev_outbox (sent_at);
