SET LOCAL lock_timeout = '2s';

ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id)
    REFERENCES users (id) ON DELETE SET NULL NOT VALID;
