ALTER TABLE posts DROP COLUMN IF EXISTS body_html;
ALTER TABLE posts RENAME COLUMN body_markdown TO body;
