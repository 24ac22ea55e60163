ALTER TABLE comments VALIDATE CONSTRAINT comments_status_check;
