-- Email verification: new nullable columns (no table rewrite) and a check constraint added
-- NOT VALID, so existing rows are not scanned while the table is locked. The next migration
-- validates it and builds the token index without blocking writes.

-- +migrate Up
ALTER TABLE users
    ADD COLUMN email_verified_at TIMESTAMPTZ,
    ADD COLUMN email_verification_token TEXT,
    ADD COLUMN email_verification_expires_at TIMESTAMPTZ,
    ADD COLUMN email_verification_attempts INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users
    ADD CONSTRAINT chk_email_verification_expires CHECK (
        (email_verification_token IS NULL AND email_verification_expires_at IS NULL) OR
        (email_verification_token IS NOT NULL AND email_verification_expires_at IS NOT NULL)
    ) NOT VALID;

-- +migrate Down
ALTER TABLE users
    DROP CONSTRAINT IF EXISTS chk_email_verification_expires,
    DROP COLUMN IF EXISTS email_verification_attempts,
    DROP COLUMN IF EXISTS email_verification_expires_at,
    DROP COLUMN IF EXISTS email_verification_token,
    DROP COLUMN IF EXISTS email_verified_at;
