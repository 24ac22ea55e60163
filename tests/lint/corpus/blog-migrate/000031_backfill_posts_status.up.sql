-- ~9k posts; batching is not worth it here.
-- schemashift:ignore unbatched-data-change -- 9k rows, measured 120 ms
UPDATE posts SET status = CASE WHEN is_published THEN 'published'::post_status ELSE 'draft'::post_status END;
