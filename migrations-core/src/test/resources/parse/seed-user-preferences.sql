-- +migrate Up
-- Migration: Add user preferences table
-- Author: Developer Name
-- Date: 2024-01-15
-- Description: Create user_preferences table to store user-specific settings
CREATE TABLE user_preferences (
id BIGSERIAL PRIMARY KEY,
user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
category VARCHAR(100) NOT NULL,
key VARCHAR(100) NOT NULL,
value JSONB NOT NULL DEFAULT '{}',
created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
UNIQUE(user_id, category, key)
);
-- Add indexes for efficient querying
CREATE INDEX idx_user_preferences_user_id ON user_preferences(user_id);
CREATE INDEX idx_user_preferences_category ON user_preferences(category);
CREATE INDEX idx_user_preferences_key ON user_preferences(key);
-- Add comments for documentation
COMMENT ON TABLE user_preferences IS 'User-specific preference settings organized by category';
COMMENT ON COLUMN user_preferences.category IS 'Preference category (e.g., notifications, display, privacy)';
COMMENT ON COLUMN user_preferences.key IS 'Specific preference key within the category';
COMMENT ON COLUMN user_preferences.value IS 'Preference value stored as JSONB for flexibility';
-- +migrate Down
-- Rollback: Remove user preferences table
DROP TABLE IF EXISTS user_preferences CASCADE;
