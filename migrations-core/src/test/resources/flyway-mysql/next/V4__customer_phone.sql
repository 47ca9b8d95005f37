# the first release on the new engine: Flyway's format still
ALTER TABLE `customer` ADD COLUMN `phone` VARCHAR(30) NULL AFTER `name`;
