-- a tenant whose schema starts with "bad" refuses the seed: the tests' failing tenant
-- +migrate Up
DO $$ BEGIN
  IF '${flyway:defaultSchema}' LIKE 'bad%' THEN RAISE EXCEPTION 'tenant refuses the seed'; END IF;
END $$;
INSERT INTO items (id, note) VALUES (1, '${flyway:defaultSchema}');

-- +migrate Down
DELETE FROM items;
