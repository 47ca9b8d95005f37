-- +migrate Up
ALTER TABLE audit_entry ADD COLUMN happened_at VARCHAR(40);

-- +migrate Down
ALTER TABLE audit_entry DROP COLUMN happened_at;
