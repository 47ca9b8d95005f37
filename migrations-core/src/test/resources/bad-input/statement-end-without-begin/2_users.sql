-- +migrate Up
CREATE TABLE users (id int);
-- +migrate StatementEnd


-- +migrate Down
SELECT 1;
