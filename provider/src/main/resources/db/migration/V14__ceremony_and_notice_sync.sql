-- How a passkey signed the person in (AUTOMATIC, AUTOFILL, BUTTON, IMMEDIATE): kept on the login so the
-- audit trail's login.success and the account's recent activity can say it.
ALTER TABLE login_transactions ADD COLUMN ceremony VARCHAR(16);

-- Whether a passkey a notice announces syncs (SYNCED, SYNCABLE, DEVICE): the notice says what that means and,
-- for one bound to a single device, suggests another passkey or turning on sync (the teaching of seed 003).
ALTER TABLE notices ADD COLUMN sync VARCHAR(16);
