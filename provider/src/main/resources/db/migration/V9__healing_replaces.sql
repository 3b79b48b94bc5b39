-- Healing replaces the broken passkey (issue 10): when this browser's own record names none, the
-- account's passkey that a server-verified assertion failed with in this login is the one replaced.
ALTER TABLE login_transactions ADD COLUMN failed_credential VARCHAR(1400);
