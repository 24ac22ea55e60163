-- Archived to object storage by the retention job before this runs.
DROP TABLE IF EXISTS page_views_2023_01;
