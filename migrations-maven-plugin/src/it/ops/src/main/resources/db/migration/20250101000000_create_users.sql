-- +migrate Up
CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);

-- +migrate Down
DROP TABLE users;
