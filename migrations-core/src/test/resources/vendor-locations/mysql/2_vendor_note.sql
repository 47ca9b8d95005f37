-- +migrate Up
INSERT INTO notes VALUES (1, 'mysql');

-- +migrate Down
DELETE FROM notes;
