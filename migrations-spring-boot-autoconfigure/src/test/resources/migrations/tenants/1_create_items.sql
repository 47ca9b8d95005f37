-- +migrate Up
CREATE TABLE items (id bigint PRIMARY KEY, note text);

-- +migrate Down
DROP TABLE items;
