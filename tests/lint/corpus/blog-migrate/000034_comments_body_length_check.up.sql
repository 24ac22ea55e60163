SET lock_timeout = '2s';
ALTER TABLE comments
    ADD CONSTRAINT comments_body_length CHECK (char_length(body) <= 10000);
