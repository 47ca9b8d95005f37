-- +migrate Up
CREATE TABLE base (id int);

-- +migrate Down
DROP TABLE base;
