INSERT INTO greeting VALUES ('after ${flyway:filename}');
