-- Addresses get their own table (a user may have a billing and a shipping address). The rows are
-- copied by the Java migration V20240125090500__MoveAddressesToTheirOwnTable, in batches. No
-- partial indexes here: the application keeps one default address of each type per user.

-- +migrate Up
CREATE TABLE user_addresses (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    type ENUM('billing', 'shipping') NOT NULL DEFAULT 'shipping',
    address_line_1 VARCHAR(255) NOT NULL,
    address_line_2 VARCHAR(255),
    city VARCHAR(100) NOT NULL,
    postal_code VARCHAR(20),
    country CHAR(2) NOT NULL DEFAULT 'US',
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_user_addresses_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE INDEX idx_user_addresses_user_id ON user_addresses (user_id);

-- +migrate Down
DROP TABLE user_addresses;
