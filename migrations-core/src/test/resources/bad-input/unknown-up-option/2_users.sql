-- +migrate Up notransactional
CREATE INDEX CONCURRENTLY i ON base (id);
