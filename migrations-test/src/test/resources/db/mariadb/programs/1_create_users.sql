-- +migrate Up
CREATE TABLE users (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    updated_at DATETIME(6),
    UNIQUE KEY users_email (email)
);
CREATE TABLE audit (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);

-- +migrate Down
DROP TABLE audit;
DROP TABLE users;
