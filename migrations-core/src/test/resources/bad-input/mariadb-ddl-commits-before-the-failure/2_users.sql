-- +migrate Up
CREATE TABLE users (id int);
INSERT INTO users VALUES (1);
ALTER TABLE missing ADD COLUMN x int;

-- +migrate Down
DROP TABLE users;
