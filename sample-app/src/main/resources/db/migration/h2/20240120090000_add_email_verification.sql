-- Email verification columns and the rule that a token always comes with its expiry.

-- +migrate Up
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN email_verification_token VARCHAR(255);
ALTER TABLE users ADD COLUMN email_verification_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN email_verification_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE users ADD CONSTRAINT chk_email_verification_expires CHECK (
    (email_verification_token IS NULL AND email_verification_expires_at IS NULL) OR
    (email_verification_token IS NOT NULL AND email_verification_expires_at IS NOT NULL)
);

-- +migrate Down
ALTER TABLE users DROP CONSTRAINT chk_email_verification_expires;
ALTER TABLE users DROP COLUMN email_verification_attempts;
ALTER TABLE users DROP COLUMN email_verification_expires_at;
ALTER TABLE users DROP COLUMN email_verification_token;
ALTER TABLE users DROP COLUMN email_verified_at;
