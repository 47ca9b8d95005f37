-- +migrate Up
CREATE TABLE other_thing (id BIGINT PRIMARY KEY);

-- +migrate Down
DROP TABLE other_thing;
