-- +migrate Up
ALTER TABLE customer ADD COLUMN email VARCHAR(200);

-- +migrate Down
ALTER TABLE customer DROP COLUMN email;
