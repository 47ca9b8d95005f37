-- +migrate Up
-- Migration: Add email verification tracking
-- Safe column addition with default values
-- Add new columns with safe defaults
ALTER TABLE users
ADD COLUMN email_verification_token VARCHAR(255),
ADD COLUMN email_verification_expires_at TIMESTAMP WITH TIME ZONE,
ADD COLUMN email_verification_attempts INTEGER DEFAULT 0;
-- Add index for token lookup
CREATE INDEX CONCURRENTLY idx_users_email_verification_token
ON users(email_verification_token)
WHERE email_verification_token IS NOT NULL;
-- Add constraint for expiration logic
ALTER TABLE users
ADD CONSTRAINT chk_email_verification_expires
CHECK (
(email_verification_token IS NULL AND email_verification_expires_at IS NULL) OR
(email_verification_token IS NOT NULL AND email_verification_expires_at IS NOT NULL)
);
-- +migrate Down
-- Remove email verification columns
DROP INDEX IF EXISTS idx_users_email_verification_token;
ALTER TABLE users
DROP CONSTRAINT IF EXISTS chk_email_verification_expires,
DROP COLUMN IF EXISTS email_verification_token,
DROP COLUMN IF EXISTS email_verification_expires_at,
DROP COLUMN IF EXISTS email_verification_attempts;
