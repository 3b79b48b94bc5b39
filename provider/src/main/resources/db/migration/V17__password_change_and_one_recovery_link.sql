-- Support's "force a password change at next login" (issue 12): the next sign-in, by any method, asks for a
-- new password before it finishes; setting one clears the flag.
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN DEFAULT FALSE NOT NULL;

-- A recovery link support made (issue 12 review): one live link per account, so a new link ends the older ones.
ALTER TABLE recoveries ADD COLUMN link BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX recoveries_user ON recoveries (user_id);

-- How long a passkey ceremony took (from the detail's elapsedMs=), a number the reports take median and p90 of.
ALTER TABLE audit_events ADD COLUMN elapsed_ms INTEGER;
