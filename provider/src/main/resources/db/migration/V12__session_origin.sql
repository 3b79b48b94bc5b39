-- Where each single sign-on session was started, for the account pages' "where you are signed in":
-- a summary of the browser ("Chrome (macOS)") and the address with its host part cut off (IPv4 /24,
-- IPv6 /48). Never the full address or the User-Agent string.
ALTER TABLE sso_sessions ADD COLUMN browser VARCHAR(100);
ALTER TABLE sso_sessions ADD COLUMN network VARCHAR(64);
