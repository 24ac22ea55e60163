ALTER TABLE comments ADD COLUMN status text NOT NULL DEFAULT 'pending';
ALTER TABLE comments
    ADD CONSTRAINT comments_status_check
    CHECK (status IN ('pending', 'approved', 'spam', 'deleted')) NOT VALID;
