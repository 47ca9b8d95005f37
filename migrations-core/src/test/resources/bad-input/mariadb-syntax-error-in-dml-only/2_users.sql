-- +migrate Up
INSERT INTO base VALUES (1);
INSERT INTO base VALUES (2);
INSERT INTO base VALUES (3,);

-- +migrate Down
DELETE FROM base;
