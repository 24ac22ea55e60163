\set ON_ERROR_STOP on
BEGIN;

CREATE OR REPLACE FUNCTION fleet.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $function$
BEGIN
    -- Skip no-op updates so updated_at means "something changed".
    IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$function$;

DO $do$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vehicles', 'drivers'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON fleet.%I', t || '_set_updated_at', t);
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE UPDATE ON fleet.%I FOR EACH ROW EXECUTE FUNCTION fleet.set_updated_at()',
            t || '_set_updated_at', t);
    END LOOP;
END
$do$;

COMMIT;
