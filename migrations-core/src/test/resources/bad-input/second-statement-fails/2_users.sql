-- +migrate Up
CREATE TABLE users (id int);
INSERT INTO missing_table VALUES (1);

-- +migrate Down
SELECT 1;
