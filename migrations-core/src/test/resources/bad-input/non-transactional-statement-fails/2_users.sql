-- +migrate Up notransaction
CREATE TABLE users (id int);
CREATE INDEX CONCURRENTLY users_id ON missing_table (id);
