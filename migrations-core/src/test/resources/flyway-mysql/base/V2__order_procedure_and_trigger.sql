CREATE TABLE `order_audit` (
  `order_id` BIGINT NOT NULL,
  `action` VARCHAR(10) NOT NULL,
  `at` DATETIME(6) NOT NULL
) ENGINE=InnoDB;

DELIMITER $$

CREATE PROCEDURE `place_order`(IN p_customer BIGINT, IN p_total DECIMAL(12,2))
BEGIN
  DECLARE v_count INT DEFAULT 0;
  SELECT COUNT(*) INTO v_count FROM `customer` WHERE `id` = p_customer;
  IF v_count = 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no such customer; order refused';
  END IF;
  INSERT INTO `orders` (`customer_id`, `total`) VALUES (p_customer, p_total);
END$$

CREATE TRIGGER `orders_after_insert` AFTER INSERT ON `orders`
FOR EACH ROW
BEGIN
  INSERT INTO `order_audit` VALUES (NEW.`id`, 'insert', UTC_TIMESTAMP(6));
END$$

DELIMITER ;
