CREATE TABLE early (id int);
-- +migrate Up
CREATE TABLE users (id int);
