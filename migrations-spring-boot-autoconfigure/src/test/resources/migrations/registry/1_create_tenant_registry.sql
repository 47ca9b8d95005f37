-- +migrate Up
CREATE TABLE tenant_registry (schema_name text PRIMARY KEY, active boolean NOT NULL);
INSERT INTO tenant_registry VALUES ('globex', true), ('bad_co', true), ('initech', true), ('gone', false);

-- +migrate Down
DROP TABLE tenant_registry;
