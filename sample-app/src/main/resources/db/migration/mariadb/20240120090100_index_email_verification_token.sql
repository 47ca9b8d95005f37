-- The token index, built online: InnoDB lets reads and writes go on while it builds, and with
-- LOCK=NONE stated the server refuses rather than silently blocking writes. (PostgreSQL's
-- variant needs CONCURRENTLY and no transaction; here every DDL statement commits by itself.)

-- +migrate Up
CREATE INDEX idx_users_email_verification_token ON users (email_verification_token)
    ALGORITHM = INPLACE LOCK = NONE;

-- +migrate Down
DROP INDEX idx_users_email_verification_token ON users;
