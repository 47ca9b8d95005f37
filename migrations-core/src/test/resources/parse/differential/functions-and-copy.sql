-- A migration that uses every piece of syntax the splitter must respect.
-- It runs after users-prelude.sql.

-- +migrate Up
/* A block comment; with a semicolon
   /* and a nested one; also with a semicolon */
   still inside the outer comment; */
CREATE SCHEMA billing;

CREATE TYPE billing.status AS ENUM ('open', 'paid', 'it''s void');

CREATE TABLE billing."Invoice;Lines" (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id),
	"note; free text" TEXT DEFAULT 'none; yet', -- a comment; with a semicolon
	amount NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
	flags BIT(4) DEFAULT B'1010',
	status billing.status NOT NULL DEFAULT 'open',
	updated_at TIMESTAMPTZ
);

COMMENT ON TABLE billing."Invoice;Lines" IS 'Lines; one per item. Don''t delete -- ever /* really */';

INSERT INTO billing."Invoice;Lines" (user_id, "note; free text", amount)
VALUES (1, E'it\'s a \\ backslash; and a tab:\t.', 10.50),
	(1, U&'caf\00E9; d\+000061ta', 3),
	(2, $$dollar; 'quoted' text$$, 0);

-- plpgsql with $$ and a string holding ; and a quote
CREATE FUNCTION billing.touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_at := '2024-01-01T00:00:00Z';
	RAISE DEBUG 'touched; it''s %', NEW.id;
	RETURN NEW;
END;
$$;

CREATE TRIGGER touch_lines BEFORE UPDATE ON billing."Invoice;Lines"
FOR EACH ROW EXECUTE FUNCTION billing.touch();

-- plpgsql with a $body$ tag and a look-alike $b$ quote inside
CREATE OR REPLACE FUNCTION billing.label(p_id BIGINT) RETURNS TEXT
LANGUAGE plpgsql STABLE AS $body$
DECLARE
	result TEXT;
BEGIN
	SELECT $b$Line; $b$ || id || $b$ ($$ not a closer) $b$ INTO result
	FROM billing."Invoice;Lines" WHERE id = $1;
	RETURN result;
END;
$body$;

-- SQL-standard body with CASE ... END inside
CREATE FUNCTION billing.grade(amount NUMERIC) RETURNS TEXT
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
	SELECT CASE
		WHEN amount > 100 THEN 'large; very'
		WHEN amount > 10 THEN CASE WHEN amount > 50 THEN 'medium' ELSE 'small' END
		ELSE 'tiny'
	END;
END;

CREATE PROCEDURE billing.void_all()
LANGUAGE sql
BEGIN ATOMIC
	UPDATE billing."Invoice;Lines" SET status = 'it''s void' WHERE amount = 0;
	DELETE FROM billing."Invoice;Lines" WHERE amount < 0;
END;

CREATE TABLE billing.audit (line_id BIGINT, action TEXT);

CREATE TABLE billing.skipped (line_id BIGINT, note TEXT);

-- a rule with ; inside parentheses
CREATE RULE audit_insert AS ON INSERT TO billing.audit WHERE NEW.action = 'skip'
DO INSTEAD (
	INSERT INTO billing.skipped VALUES (NEW.line_id, 'skipped; once');
	INSERT INTO billing.skipped VALUES (NEW.line_id, 'skipped; twice')
);

DO $do$
DECLARE
	r RECORD;
BEGIN
	FOR r IN SELECT id FROM billing."Invoice;Lines" ORDER BY id LOOP
		INSERT INTO billing.audit VALUES (r.id, 'created; ' || billing.grade(10.5));
	END LOOP;
	EXECUTE 'INSERT INTO billing.audit VALUES (0, ''from execute; ok'')';
END
$do$;

INSERT INTO billing.audit VALUES (9, 'skip');

COPY billing.audit (line_id, action) FROM stdin;
100	copied; with semicolon
101	it's "quoted"
102	tab\there and backslash \\ and newline\nhere
103	\N
\.

COPY billing.audit FROM stdin WITH (FORMAT csv);
200,"csv; ""quoted"""
201,
\.

-- +migrate StatementBegin
CREATE FUNCTION billing.old_style(a INT) RETURNS INT AS '
	SELECT a + 1;
' LANGUAGE sql;
-- +migrate StatementEnd

CREATE VIEW billing.totals AS
SELECT user_id, sum(amount) AS total, billing.grade(sum(amount)) AS grade
FROM billing."Invoice;Lines" GROUP BY user_id;

CREATE INDEX lines_user ON billing."Invoice;Lines" (user_id) WHERE status <> 'it''s void';

UPDATE billing."Invoice;Lines" SET amount = amount + 1 WHERE user_id = 1;

CALL billing.void_all();

CREATE SEQUENCE billing.invoice_no START 1000;
SELECT nextval('billing.invoice_no');

-- +migrate Down
DROP SCHEMA billing CASCADE;
