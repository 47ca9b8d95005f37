-- H2 has neither CONCURRENTLY nor partial indexes; the same version keeps both histories aligned.

-- +migrate Up notransaction
CREATE INDEX IF NOT EXISTS idx_users_email_verification_token ON users (email_verification_token);

-- +migrate Down notransaction
DROP INDEX IF EXISTS idx_users_email_verification_token;
