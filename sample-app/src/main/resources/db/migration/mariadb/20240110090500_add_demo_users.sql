-- A few users to play with, most of them with an address in the old columns.

-- +migrate Up
INSERT INTO users (email, display_name, address, city, postal_code, country) VALUES
    ('ada@example.com', 'Ada Lovelace', '12 St James''s Square', 'London', 'SW1Y 4JH', 'GB'),
    ('grace@example.com', 'Grace Hopper', '1 Navy Yard', 'Arlington', '22202', 'US'),
    ('alan@example.com', 'Alan Turing', '78 High Street', 'Wilmslow', 'SK9 1AA', 'GB'),
    ('edsger@example.com', 'Edsger Dijkstra', 'Plantage Muidergracht 24', 'Amsterdam', '1018 TV', 'NL'),
    ('barbara@example.com', 'Barbara Liskov', '32 Vassar Street', 'Cambridge', '02139', NULL),
    ('ken@example.com', 'Ken Thompson', NULL, NULL, NULL, NULL);

-- +migrate Down
DELETE FROM users WHERE email IN ('ada@example.com', 'grace@example.com', 'alan@example.com',
    'edsger@example.com', 'barbara@example.com', 'ken@example.com');
