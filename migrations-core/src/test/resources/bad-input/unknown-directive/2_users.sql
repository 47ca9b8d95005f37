-- +migrate Up
CREATE TABLE users (id int);
-- +migrate Sideways
SELECT 1;
