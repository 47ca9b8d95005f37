-- +goose Up
CREATE TABLE users (id int);

-- +goose Down
DROP TABLE users;
