-- +migrate Up
ALTER TABLE users ADD COLUMN nickname VARCHAR(50) DEFAULT 'anon' NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_nickname_not_blank CHECK (nickname <> '');

-- +migrate Down
ALTER TABLE users DROP CONSTRAINT users_nickname_not_blank;
ALTER TABLE users DROP COLUMN nickname;
