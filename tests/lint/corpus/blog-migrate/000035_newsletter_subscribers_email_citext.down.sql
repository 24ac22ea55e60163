ALTER TABLE newsletter_subscribers ALTER COLUMN email TYPE text;
