# seed data: a backslash escape, and a # and -- inside strings that are no comments
/*!40000 ALTER TABLE `customer` DISABLE KEYS */;
INSERT INTO `customer` (`email`, `name`) VALUES
  ('a@example.com', 'O\'Brien'),
  ('b@example.com', 'Hash # not a comment -- nor this');
/*!40000 ALTER TABLE `customer` ENABLE KEYS */;
CALL `place_order`(1, 10.50);
CALL `place_order`(2, 99.99);
