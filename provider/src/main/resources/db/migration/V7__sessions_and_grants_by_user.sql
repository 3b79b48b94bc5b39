-- Sessions own their tokens (issue 8): a password change or a deactivation ends every session
-- and grant of one account, and token checks look sessions up by sid.
CREATE INDEX sso_sessions_user ON sso_sessions (user_id);
CREATE INDEX grants_user ON grants (user_id);
CREATE INDEX grants_sid ON grants (sid);
