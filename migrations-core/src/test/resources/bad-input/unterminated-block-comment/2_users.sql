-- +migrate Up
CREATE TABLE users (id int);
/* a comment
that never ends;
CREATE TABLE more (id int);


-- +migrate Down
SELECT 1;
