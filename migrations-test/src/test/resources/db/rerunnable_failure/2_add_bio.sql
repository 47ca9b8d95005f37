-- Broken on purpose: the Down forgets the column, but the Up can run again.

-- +migrate Up
ALTER TABLE users ADD COLUMN IF NOT EXISTS bio VARCHAR(500);

-- +migrate Down
ALTER TABLE users DROP COLUMN IF EXISTS not_there;
