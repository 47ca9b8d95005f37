-- Contract step of the address split: the old columns go once no running release reads them.
-- (In production this ships one release after the code that reads user_addresses.)
-- The Down section restores the columns from each user's default shipping address.

-- +migrate Up
-- migrations:allow drop contract step: the application reads user_addresses since the previous release
ALTER TABLE users DROP COLUMN address;
-- migrations:allow drop contract step: the application reads user_addresses since the previous release
ALTER TABLE users DROP COLUMN city;
-- migrations:allow drop contract step: the application reads user_addresses since the previous release
ALTER TABLE users DROP COLUMN postal_code;
-- migrations:allow drop contract step: the application reads user_addresses since the previous release
ALTER TABLE users DROP COLUMN country;

-- +migrate Down
ALTER TABLE users ADD COLUMN address VARCHAR(255), ADD COLUMN city VARCHAR(100),
    ADD COLUMN postal_code VARCHAR(20), ADD COLUMN country CHAR(2), ALGORITHM = INSTANT;
UPDATE users SET
    address = (SELECT a.address_line_1 FROM user_addresses a
        WHERE a.user_id = users.id AND a.type = 'shipping' AND a.is_default),
    city = (SELECT a.city FROM user_addresses a
        WHERE a.user_id = users.id AND a.type = 'shipping' AND a.is_default),
    postal_code = (SELECT a.postal_code FROM user_addresses a
        WHERE a.user_id = users.id AND a.type = 'shipping' AND a.is_default),
    country = (SELECT a.country FROM user_addresses a
        WHERE a.user_id = users.id AND a.type = 'shipping' AND a.is_default);
