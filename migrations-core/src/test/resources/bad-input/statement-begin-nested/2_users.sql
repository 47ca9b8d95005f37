-- +migrate Up
-- +migrate StatementBegin
SELECT 1;
-- +migrate StatementBegin
SELECT 2;
-- +migrate StatementEnd


-- +migrate Down
SELECT 1;
