-- +migrate Up
CREATE TABLE half_done (id BIGINT PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);

-- +migrate Down
DROP TABLE half_done;
