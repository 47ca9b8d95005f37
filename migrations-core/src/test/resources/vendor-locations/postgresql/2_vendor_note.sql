-- +migrate Up
INSERT INTO notes VALUES (1, 'postgresql');

-- +migrate Down
DELETE FROM notes;
