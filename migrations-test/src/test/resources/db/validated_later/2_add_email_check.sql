-- +migrate Up
ALTER TABLE users ADD CONSTRAINT users_email_lower CHECK (email = lower(email)) NOT VALID;

-- +migrate Down
ALTER TABLE users DROP CONSTRAINT users_email_lower;
