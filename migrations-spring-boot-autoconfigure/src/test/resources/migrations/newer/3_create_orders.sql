-- +migrate Up
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL REFERENCES customer (id));

-- +migrate Down
DROP TABLE orders;
