-- +migrate Up
CREATE TABLE users (id int);
INSERT INTO users VALUES (1);

-- +migrate Down
DROP TABLE users;
