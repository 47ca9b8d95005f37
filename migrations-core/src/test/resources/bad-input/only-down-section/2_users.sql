-- +migrate Down
DROP TABLE users;
