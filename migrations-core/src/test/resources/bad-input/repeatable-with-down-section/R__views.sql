-- +migrate Up
CREATE VIEW v AS SELECT 1;

-- +migrate Down
SELECT 1;
