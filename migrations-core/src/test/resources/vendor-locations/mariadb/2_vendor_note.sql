-- +migrate Up
# MariaDB only: a sequence
CREATE SEQUENCE note_ids;
INSERT INTO notes VALUES (NEXTVAL(note_ids), 'mariadb');

-- +migrate Down
DELETE FROM notes;
DROP SEQUENCE note_ids;
