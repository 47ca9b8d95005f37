-- audit each migration
INSERT INTO migration_audit VALUES (1);
