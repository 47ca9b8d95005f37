-- +migrate Up
/* outer /* inner */ still in the outer comment;
CREATE TABLE users (id int);


-- +migrate Down
SELECT 1;
