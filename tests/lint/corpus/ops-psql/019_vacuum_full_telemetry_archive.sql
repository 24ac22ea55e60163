\set ON_ERROR_STOP on
/*
 * telemetry_archive bloated to 180 GB after the retention bug (OPS-203); plain VACUUM
 * does not return the space to the OS. Runs in the announced maintenance window
 * 2023-11-04 02:00-04:00 UTC: VACUUM FULL holds ACCESS EXCLUSIVE for the whole rewrite.
 */
VACUUM FULL VERBOSE fleet.telemetry_archive;
