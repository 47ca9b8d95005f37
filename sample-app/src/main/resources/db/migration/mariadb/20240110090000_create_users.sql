-- Creates the users table (MariaDB and MySQL: the whole sample is in this folder, since the
-- shared scripts use PostgreSQL's and H2's types). Addresses start out as columns here; a later
-- migration moves them to their own table (expand, move data, contract). Times are TIMESTAMP(6):
-- stored in UTC, read in the session's time zone.

-- +migrate Up
CREATE TABLE users (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(320) NOT NULL,
    display_name VARCHAR(100) NOT NULL,
    address VARCHAR(255),
    city VARCHAR(100),
    postal_code VARCHAR(20),
    country CHAR(2),
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_users_email UNIQUE (email)
) ENGINE = InnoDB;

-- +migrate Down
DROP TABLE users;
