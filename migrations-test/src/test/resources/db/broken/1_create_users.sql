-- +migrate Up
CREATE TABLE users (id BIGINT PRIMARY KEY);

-- +migrate Down
DROP TABLE users;
