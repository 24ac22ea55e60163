-- Issue #234: Advanced contact enrichment — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. table contact_enrichment exists' AS check_name, (SELECT to_regclass('contact_enrichment') IS NOT NULL) AS ok;
SELECT '2. index idx_enrichment_contact_id exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('idx_enrichment_contact_id') AND indisvalid AND indisready)) AS ok;
SELECT '3. index idx_enrichment_source exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('idx_enrichment_source') AND indisvalid AND indisready)) AS ok;
SELECT '4. index idx_enrichment_expires exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('idx_enrichment_expires') AND indisvalid AND indisready)) AS ok;
SELECT '5. column contacts.enrichment_status is varchar(20)' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'contacts'::regclass AND attname = 'enrichment_status' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'character varying(20)' AND attnotnull = false)) AS ok;
SELECT '6. column contacts.last_enriched_at is timestamp' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'contacts'::regclass AND attname = 'last_enriched_at' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'timestamp without time zone' AND attnotnull = false)) AS ok;
SELECT '7. column contacts.enrichment_score is numeric(3,2)' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'contacts'::regclass AND attname = 'enrichment_score' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'numeric(3,2)' AND attnotnull = false)) AS ok;
SELECT '8. constraint chk_enrichment_status on contacts exists and is validated' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'contacts'::regclass AND conname = 'chk_enrichment_status' AND convalidated)) AS ok;
