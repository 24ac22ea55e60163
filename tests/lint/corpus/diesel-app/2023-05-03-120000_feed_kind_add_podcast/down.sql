-- PostgreSQL cannot drop a value from an enum; rows using it stay valid.
SELECT 1;
