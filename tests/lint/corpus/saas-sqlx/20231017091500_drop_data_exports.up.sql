-- Exports moved to the reporting service (its own database).
DROP TABLE data_exports;
