-- Broken on purpose: the Down forgets the foreign key (and the index InnoDB made for it).

-- +migrate Up
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);

-- +migrate Down
SELECT 1;
