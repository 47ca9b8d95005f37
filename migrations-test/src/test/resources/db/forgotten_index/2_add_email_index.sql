-- Broken on purpose: the Down forgets the index.

-- +migrate Up
ALTER TABLE users ADD COLUMN last_login TIMESTAMP;
CREATE INDEX users_email_idx ON users (email);

-- +migrate Down
ALTER TABLE users DROP COLUMN last_login;
