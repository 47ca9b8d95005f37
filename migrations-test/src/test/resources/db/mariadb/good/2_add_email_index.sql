-- +migrate Up
ALTER TABLE users ADD COLUMN last_login TIMESTAMP;
CREATE INDEX users_email_idx ON users (email);

-- +migrate Down
DROP INDEX users_email_idx ON users;
ALTER TABLE users DROP COLUMN last_login;

-- As db/good, but MariaDB and MySQL name an index within its table: DROP INDEX ... ON.
