-- A Flyway file as it is: no markers, a placeholder
CREATE TABLE greeting (text varchar(100));
INSERT INTO greeting VALUES ('${greeting}, ${flyway:defaultSchema}');
