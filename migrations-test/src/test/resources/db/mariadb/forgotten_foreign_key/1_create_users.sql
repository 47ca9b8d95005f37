-- +migrate Up
CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL);

-- +migrate Down
DROP TABLE orders;
DROP TABLE users;
