DROP TABLE IF EXISTS post_revisions;
