-- +migrate Up
CREATE TABLE users (id int);
DELIMITER
CREATE PROCEDURE add_user(IN n INT)
BEGIN
  INSERT INTO users VALUES (n);
END$$
DELIMITER ;

-- +migrate Down
DROP PROCEDURE add_user;
DROP TABLE users;
