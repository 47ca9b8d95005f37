-- +migrate Up
-- the schema as sql-migrate left it: its table says the first migration ran
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE gorp_migrations (id varchar(255) PRIMARY KEY, applied_at timestamp with time zone);
INSERT INTO gorp_migrations VALUES ('20250101000000_create_users.sql', now());
