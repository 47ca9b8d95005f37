-- +migrate Up
CREATE TABLE users (id int);
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT ;
INSERT INTO users VALUES (1);

-- +migrate Down
DROP TABLE users;
