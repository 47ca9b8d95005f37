-- +migrate Up
# the amounts need cents
ALTER TABLE orders MODIFY total DECIMAL(12,2);

-- +migrate Down
ALTER TABLE orders MODIFY total INT;
