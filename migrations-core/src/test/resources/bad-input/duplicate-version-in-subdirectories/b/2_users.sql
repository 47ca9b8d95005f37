-- +migrate Up
CREATE TABLE users (id int);

-- +migrate Down
SELECT 1;
