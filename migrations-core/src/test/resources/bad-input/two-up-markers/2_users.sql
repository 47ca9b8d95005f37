-- +migrate Up
CREATE TABLE users (id int);
-- +migrate Up
CREATE TABLE more (id int);
