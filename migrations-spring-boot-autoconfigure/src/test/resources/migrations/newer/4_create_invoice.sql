-- +migrate Up
CREATE TABLE invoice (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id));
