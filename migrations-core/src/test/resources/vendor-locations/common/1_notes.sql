-- +migrate Up
CREATE TABLE notes (id INT PRIMARY KEY, vendor VARCHAR(20) NOT NULL);

-- +migrate Down
DROP TABLE notes;
