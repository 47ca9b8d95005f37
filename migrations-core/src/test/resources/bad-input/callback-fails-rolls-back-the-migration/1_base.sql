-- +migrate Up
CREATE TABLE base (id int);
