CREATE TABLE audit_log (id bigserial PRIMARY KEY, user_id int REFERENCES users (id) ON DELETE SET NULL, at timestamptz DEFAULT now());
CREATE FUNCTION log_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit_log (user_id) VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION log_user();
INSERT INTO users ("User Name") VALUES ('admin');
