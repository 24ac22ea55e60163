-- The editor now stores Markdown and renders HTML at publish time.
ALTER TABLE posts RENAME COLUMN body TO body_markdown;
ALTER TABLE posts ADD COLUMN body_html text;
