-- User preferences, one row per (user, category, key), the value as JSON (checked by the server).

-- +migrate Up
CREATE TABLE user_preferences (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    category VARCHAR(100) NOT NULL,
    pref_key VARCHAR(100) NOT NULL,
    pref_value JSON NOT NULL DEFAULT ('{}'),
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_user_preferences UNIQUE (user_id, category, pref_key),
    CONSTRAINT fk_user_preferences_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB COMMENT = 'User-specific preference settings organized by category';

-- The unique constraint's index already serves lookups by user_id.
CREATE INDEX idx_user_preferences_category ON user_preferences (category);

-- +migrate Down
DROP TABLE user_preferences;
