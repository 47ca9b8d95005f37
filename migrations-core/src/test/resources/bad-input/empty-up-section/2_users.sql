-- +migrate Up

-- +migrate Down
DROP TABLE users;
