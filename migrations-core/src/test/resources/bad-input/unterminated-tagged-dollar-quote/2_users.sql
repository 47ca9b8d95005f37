-- +migrate Up
CREATE FUNCTION f() RETURNS int AS $body$
SELECT 1;
$other$ LANGUAGE sql;


-- +migrate Down
SELECT 1;
