-- A WebAuthn challenge lives as long as the browser's prompt (plus a short grace), not the whole
-- login (issue 10): a late answer is told "Passkey request timed out".
ALTER TABLE login_transactions ADD COLUMN challenge_expires_at TIMESTAMP WITH TIME ZONE;
