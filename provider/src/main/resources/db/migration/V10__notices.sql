-- Passkey changes told to the account holder (issue 10): queued in the database, sent a few
-- seconds later by any node, retried with growing delays when the mail server or SMS gateway fails.
CREATE TABLE notices (
    id              VARCHAR(36)              PRIMARY KEY,
    user_id         VARCHAR(64)              NOT NULL,
    kind            VARCHAR(32)              NOT NULL,
    passkey_name    VARCHAR(200)             NOT NULL,
    replaced_name   VARCHAR(200),
    browser         VARCHAR(100)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    claimed_until   TIMESTAMP WITH TIME ZONE,
    sent_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notices_due ON notices (next_attempt_at);
