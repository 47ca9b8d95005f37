-- +migrate
CREATE TABLE users (id int);
