-- Account recovery has an hourly code budget of its own: someone who knows only an identifier
-- can ask for recoveries, and those must not use up the codes the account's own sign-ins need.
ALTER TABLE one_time_code_sends ADD COLUMN purpose VARCHAR(16) DEFAULT 'login' NOT NULL;

-- A recovery holds a digest of what it was started against (the account's password hash, email,
-- phone and their verification, whether active): once any of these changes — the holder changed the
-- password, support moved the email — a recovery begun before is over, verified or not.
ALTER TABLE recoveries ADD COLUMN stamp VARCHAR(64);
