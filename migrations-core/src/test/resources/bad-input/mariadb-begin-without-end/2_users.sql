-- +migrate Up
CREATE TABLE users (id int);
CREATE PROCEDURE add_user(IN n INT)
BEGIN
  IF n > 0 THEN
    INSERT INTO users VALUES (n);
  END IF;
CREATE TABLE orders (id int);

-- +migrate Down
DROP PROCEDURE add_user;
DROP TABLE users;
