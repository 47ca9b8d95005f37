-- +migrate Up
ALTER TABLE no_such_table ADD COLUMN bio TEXT;

-- +migrate Down
ALTER TABLE no_such_table DROP COLUMN bio;
