-- The table the test-slice tests read: only this migration creates it.

-- +migrate Up
CREATE TABLE note (
    id BIGINT PRIMARY KEY,
    body TEXT NOT NULL
);
INSERT INTO note (id, body) VALUES (1, 'written by a migration');

-- +migrate Down
DROP TABLE note;
