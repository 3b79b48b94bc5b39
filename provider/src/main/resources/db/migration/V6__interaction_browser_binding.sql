-- A login is bound to the browser that started it by a secret of its own in a cookie, not by
-- the interaction id, which also travels in URLs (history, logs, a shared screen).
ALTER TABLE interactions ADD COLUMN browser_binding VARCHAR(64);
