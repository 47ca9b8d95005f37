-- CREATE INDEX CONCURRENTLY cannot run inside a transaction, hence notransaction: each statement
-- runs on its own and is written so that running it again is harmless.

-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email_verification_token
    ON users (email_verification_token)
    WHERE email_verification_token IS NOT NULL;

ALTER TABLE users VALIDATE CONSTRAINT chk_email_verification_expires;

-- +migrate Down notransaction
DROP INDEX CONCURRENTLY IF EXISTS idx_users_email_verification_token;
