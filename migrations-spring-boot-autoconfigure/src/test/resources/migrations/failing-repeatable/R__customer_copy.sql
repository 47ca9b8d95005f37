-- +migrate Up notransaction
CREATE TABLE IF NOT EXISTS customer_copy (id BIGINT);
INSERT INTO no_such_table VALUES (1);
