-- +migrate Up
-- Migration: Split user addresses into separate table
-- Zero-downtime table restructuring
-- Step 1: Create new addresses table
CREATE TABLE user_addresses (
id BIGSERIAL PRIMARY KEY,
user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
type address_type DEFAULT 'shipping',
first_name VARCHAR(100),
last_name VARCHAR(100),
company VARCHAR(255),
address_line_1 VARCHAR(255) NOT NULL,
address_line_2 VARCHAR(255),
city VARCHAR(100) NOT NULL,
state VARCHAR(100),
postal_code VARCHAR(20),
country CHAR(2) NOT NULL DEFAULT 'US',
phone VARCHAR(20),
is_default BOOLEAN DEFAULT FALSE,
created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE TYPE address_type AS ENUM ('billing', 'shipping');
-- Add indexes
CREATE INDEX idx_user_addresses_user_id ON user_addresses(user_id);
CREATE INDEX idx_user_addresses_type ON user_addresses(type);
CREATE UNIQUE INDEX idx_user_addresses_default
ON user_addresses(user_id, type)
WHERE is_default = TRUE;
-- Step 2: Migrate existing address data
INSERT INTO user_addresses (
user_id, type, first_name, last_name, address_line_1,
city, state, postal_code, country, is_default
)
SELECT
id, 'shipping', first_name, last_name, address,
city, state, postal_code,
COALESCE(country, 'US'), TRUE
FROM users
WHERE address IS NOT NULL;
-- Step 3: Create view for backward compatibility
CREATE VIEW users_with_address AS
SELECT
u.*,
ua.address_line_1 as address,
ua.city,
ua.state,
ua.postal_code,
ua.country
FROM users u
LEFT JOIN user_addresses ua ON u.id = ua.user_id AND ua.is_default = TRUE AND ua.type = 'shipping';
-- Step 4: Add trigger to maintain view consistency
CREATE OR REPLACE FUNCTION sync_user_address()
RETURNS TRIGGER AS $$
BEGIN
IF TG_OP = 'UPDATE' THEN
-- Update default shipping address
UPDATE user_addresses
SET
address_line_1 = NEW.address,
city = NEW.city,
state = NEW.state,
postal_code = NEW.postal_code,
country = NEW.country,
updated_at = CURRENT_TIMESTAMP
WHERE user_id = NEW.id AND type = 'shipping' AND is_default = TRUE;
RETURN NEW;
END IF;
RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trigger_sync_user_address
AFTER UPDATE ON users
FOR EACH ROW
WHEN (OLD.address IS DISTINCT FROM NEW.address OR
OLD.city IS DISTINCT FROM NEW.city OR
OLD.state IS DISTINCT FROM NEW.state OR
OLD.postal_code IS DISTINCT FROM NEW.postal_code OR
OLD.country IS DISTINCT FROM NEW.country)
EXECUTE FUNCTION sync_user_address();
-- +migrate Down
-- Restore original structure
DROP TRIGGER IF EXISTS trigger_sync_user_address ON users;
DROP FUNCTION IF EXISTS sync_user_address();
DROP VIEW IF EXISTS users_with_address;
DROP TABLE IF EXISTS user_addresses CASCADE;
DROP TYPE IF EXISTS address_type;
