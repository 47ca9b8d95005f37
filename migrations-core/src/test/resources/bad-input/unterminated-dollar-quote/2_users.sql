-- +migrate Up
CREATE TABLE users (id int);
DO $$
BEGIN
  PERFORM 1;
END;


-- +migrate Down
SELECT 1;
