CREATE TABLE users (id int);
INSERT INTO users VALUES (1);
