-- The users table the seed's example migrations alter; run before each differential file.
CREATE TABLE users (
	id BIGSERIAL PRIMARY KEY,
	email TEXT NOT NULL,
	settings JSONB,
	first_name VARCHAR(100),
	last_name VARCHAR(100),
	address VARCHAR(255),
	city VARCHAR(100),
	state VARCHAR(100),
	postal_code VARCHAR(20),
	country CHAR(2)
);
INSERT INTO users (email, first_name, last_name, address, city, state, postal_code, country)
VALUES ('ada@example.com', 'Ada', 'Lovelace', '12 St James''s Square', 'London', NULL, 'SW1Y 4JH', 'GB'),
	('alan@example.com', 'Alan', 'Turing', NULL, NULL, NULL, NULL, NULL);
