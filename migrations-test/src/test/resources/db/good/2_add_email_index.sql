-- +migrate Up
ALTER TABLE users ADD COLUMN last_login TIMESTAMP;
CREATE INDEX users_email_idx ON users (email);

-- +migrate Down
DROP INDEX users_email_idx;
ALTER TABLE users DROP COLUMN last_login;
