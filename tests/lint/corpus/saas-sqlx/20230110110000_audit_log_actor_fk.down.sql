SET LOCAL lock_timeout = '2s';

ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_id_fkey;
