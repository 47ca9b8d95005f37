-- +migrate Up
CREATE TABLE users (id int);
COMMENT ON TABLE users IS 'café';
