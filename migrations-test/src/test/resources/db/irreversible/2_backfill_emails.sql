-- No Down section: irreversible.

-- +migrate Up
UPDATE users SET email = LOWER(email);
