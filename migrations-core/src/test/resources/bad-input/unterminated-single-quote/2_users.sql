-- +migrate Up
CREATE TABLE users (id int);
INSERT INTO users VALUES (1);
COMMENT ON TABLE users IS 'it never ends;


-- +migrate Down
SELECT 1;
