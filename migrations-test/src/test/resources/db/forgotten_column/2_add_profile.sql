-- Broken on purpose: the Down forgets the bio column.

-- +migrate Up
ALTER TABLE users ADD COLUMN nickname VARCHAR(50);
ALTER TABLE users ADD COLUMN bio VARCHAR(500);

-- +migrate Down
ALTER TABLE users DROP COLUMN nickname;
