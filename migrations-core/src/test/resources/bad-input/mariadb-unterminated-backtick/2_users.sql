-- +migrate Up
CREATE TABLE users (id int);
CREATE TABLE `orders (id int);
INSERT INTO users VALUES (1);

-- +migrate Down
DROP TABLE users;
