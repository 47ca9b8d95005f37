-- +migrate Up
CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);

-- +migrate Down
DROP TABLE customer;
