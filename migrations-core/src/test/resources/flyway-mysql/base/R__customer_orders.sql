-- a view Flyway runs again whenever this file changes
CREATE OR REPLACE VIEW `customer_orders` AS
SELECT c.`id`, c.`email`, COUNT(o.`id`) AS `order_count`
FROM `customer` c LEFT JOIN `orders` o ON o.`customer_id` = c.`id`
GROUP BY c.`id`, c.`email`;
