-- +migrate Up notransaction
CREATE TABLE customer_archive (id BIGINT PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);

-- +migrate Down notransaction
DROP TABLE IF EXISTS customer_archive;
