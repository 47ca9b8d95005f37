-- The linter's corpus, continued: what only a notransaction section shows, and the later steps of
-- the expand/contract recipes started in 20240101000000_every_hazard.sql.
-- +migrate Up notransaction

-- missing-if-not-exists, index-not-concurrent
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);
-- expect: missing-if-not-exists
CREATE INDEX CONCURRENTLY idx_users_name ON users (name);
DROP INDEX CONCURRENTLY IF EXISTS idx_users_old;
-- expect: index-not-concurrent missing-if-not-exists
DROP INDEX idx_users_unused;
-- expect: missing-if-not-exists
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text;
REINDEX INDEX CONCURRENTLY idx_users_email;

-- identifier-too-long (66 characters; the next one 63)
-- expect: identifier-too-long
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_account_transactions_base_account_id_created_at_status_currenc ON account_transactions (base_account_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_account_transactions_base_account_id_created_at_status_curr ON account_transactions (base_account_id);

-- the later steps: validate, then set not null through the validated check
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT IF EXISTS chk_users_email_not_null;

-- an enum value is usable once its ADD VALUE committed
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'held';
UPDATE orders SET status = 'held' WHERE id = 42;

-- detach-partition-not-concurrent
ALTER TABLE measurements DETACH PARTITION measurements_2021 CONCURRENTLY;

-- vacuum-full-or-cluster
-- expect: vacuum-full-or-cluster
VACUUM (FULL) users;
VACUUM (ANALYZE) users;

-- drop-database
-- expect: drop-database
DROP DATABASE IF EXISTS reporting;

-- transaction-control
-- expect: transaction-control
START TRANSACTION;
