DELETE FROM users WHERE "User Name" = 'admin';
DROP TRIGGER users_audit ON users;
DROP FUNCTION log_user();
DROP TABLE audit_log;
