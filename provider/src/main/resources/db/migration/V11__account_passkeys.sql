-- Account self-service (issue 11). Runs unchanged on H2 2.x and PostgreSQL 15+.
-- 1. The account keeps its WebAuthn user handle even when its last passkey goes, so a later passkey carries
--    the same user.id (an authenticator then overwrites the old one) and the account pages can still tell
--    authenticators which of the account's credentials remain.
ALTER TABLE users ADD COLUMN passkey_user_handle VARCHAR(88);
UPDATE users SET passkey_user_handle = (SELECT p.user_handle FROM passkeys p WHERE p.user_id = users.id
                                        ORDER BY p.created_at, p.credential_id LIMIT 1);

-- 2. How each passkey was made: SIGN_IN (offered after a sign-in), HEALING, ACCOUNT (added on the account
--    pages); NULL for those made before this version.
ALTER TABLE passkeys ADD COLUMN created_via VARCHAR(16);

-- 3. The passkey ceremony an account page started: one per session (a new one replaces it), single use.
--    Keyed by the session's public sid, which survives a re-verification.
CREATE TABLE account_ceremonies (
    sid          VARCHAR(64)              PRIMARY KEY,
    user_id      VARCHAR(36)              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    challenge    VARCHAR(64)              NOT NULL,
    user_handle  VARCHAR(88)              NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_ceremonies_valid_until ON account_ceremonies (valid_until);
