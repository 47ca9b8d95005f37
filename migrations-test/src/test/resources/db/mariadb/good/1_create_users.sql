-- +migrate Up
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    email VARCHAR(100) NOT NULL
);

-- +migrate Down
DROP TABLE users;
