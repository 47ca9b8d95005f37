-- +migrate Up
CREATE VIEW user_emails AS SELECT id, email FROM users;
DELIMITER //
CREATE FUNCTION email_domain(address VARCHAR(100)) RETURNS VARCHAR(100) DETERMINISTIC
BEGIN
    RETURN SUBSTRING_INDEX(address, '@', -1);
END//
CREATE PROCEDURE touch_user(IN user_id BIGINT)
BEGIN
    UPDATE users SET updated_at = UTC_TIMESTAMP(6) WHERE id = user_id;
END//
CREATE TRIGGER users_audit AFTER UPDATE ON users FOR EACH ROW
BEGIN
    INSERT INTO audit (user_id) VALUES (NEW.id);
END//
DELIMITER ;

-- +migrate Down
DROP TRIGGER users_audit;
DROP PROCEDURE touch_user;
DROP FUNCTION email_domain;
DROP VIEW user_emails;
