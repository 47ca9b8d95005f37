-- +migrate Up
CREATE TABLE accounts (id int);

-- +migrate Down
SELECT 1;
