-- The Down cannot make the constraint NOT VALID again.

-- +migrate Up
CREATE INDEX users_email_idx ON users (email);
ALTER TABLE users VALIDATE CONSTRAINT users_email_lower;

-- +migrate Down
DROP INDEX users_email_idx;
