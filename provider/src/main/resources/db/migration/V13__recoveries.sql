-- "Can't sign in?" (issue 11): one row per recovery under way, found by the SHA-256 of the id its browser
-- holds. user_id is NULL when the identifier named no account that a code can reach: such a recovery is
-- kept and answered exactly like the others, so the pages do not tell who has an account.
CREATE TABLE recoveries (
    id_hash      VARCHAR(64)              PRIMARY KEY,
    user_id      VARCHAR(36)              REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts     INTEGER                  NOT NULL,
    verified_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX recoveries_expires ON recoveries (expires_at);
