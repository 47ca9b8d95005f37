-- +migrate Down
DROP TABLE users;
-- +migrate Up
CREATE TABLE users (id int);
