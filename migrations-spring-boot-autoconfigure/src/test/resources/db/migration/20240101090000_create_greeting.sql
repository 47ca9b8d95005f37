-- The table the JPA ordering test maps an entity onto.

-- +migrate Up
CREATE TABLE greeting (
    id BIGINT PRIMARY KEY,
    message VARCHAR(200) NOT NULL
);
INSERT INTO greeting (id, message) VALUES (1, 'hello from a migration');

-- +migrate Down
DROP TABLE greeting;
