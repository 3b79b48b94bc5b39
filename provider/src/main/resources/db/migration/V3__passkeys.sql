-- Passkeys (WebAuthn credential records). Runs unchanged on H2 2.x and PostgreSQL 15+.
-- Binary values as text for portability: the credential id base64url (as browsers write it; at most 1023
-- bytes, so 1364 characters), the user handle and the attested credential data (AAGUID, credential id, COSE
-- public key) base64. Nothing here is secret: a passkey's private key never leaves the authenticator.

CREATE TABLE passkeys (
    credential_id             VARCHAR(1364)  PRIMARY KEY,
    user_id                   VARCHAR(36)    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_handle               VARCHAR(88)    NOT NULL,
    attested_credential_data  VARCHAR(8000)  NOT NULL,
    sign_count                BIGINT         NOT NULL,
    transports                VARCHAR(255),
    backup_eligible           BOOLEAN        NOT NULL,
    backup_state              BOOLEAN        NOT NULL,
    uv_initialized            BOOLEAN        NOT NULL,
    aaguid                    VARCHAR(36)    NOT NULL,
    name                      VARCHAR(255)   NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at              TIMESTAMP WITH TIME ZONE
);
CREATE INDEX passkeys_user ON passkeys (user_id);
