-- +migrate Up
CREATE TABLE audit_entry (id BIGINT PRIMARY KEY, what VARCHAR(200) NOT NULL);

-- +migrate Down
DROP TABLE audit_entry;
