-- Email verification: new nullable columns, added at the end of the table instantly (no copy, no
-- lock beyond a moment's metadata lock), and the rule that a token always comes with its expiry.
-- MariaDB and MySQL have no NOT VALID: the CHECK reads every row once, as the table is small here.

-- +migrate Up
ALTER TABLE users
    ADD COLUMN email_verified_at TIMESTAMP(6) NULL,
    ADD COLUMN email_verification_token VARCHAR(255),
    ADD COLUMN email_verification_expires_at TIMESTAMP(6) NULL,
    ADD COLUMN email_verification_attempts INT NOT NULL DEFAULT 0,
    ALGORITHM = INSTANT;

ALTER TABLE users
    ADD CONSTRAINT chk_email_verification_expires CHECK (
        (email_verification_token IS NULL AND email_verification_expires_at IS NULL) OR
        (email_verification_token IS NOT NULL AND email_verification_expires_at IS NOT NULL)
    );

-- +migrate Down
ALTER TABLE users DROP CONSTRAINT chk_email_verification_expires;
ALTER TABLE users
    DROP COLUMN email_verification_attempts,
    DROP COLUMN email_verification_expires_at,
    DROP COLUMN email_verification_token,
    DROP COLUMN email_verified_at;
