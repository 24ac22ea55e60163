DROP TABLE IF EXISTS post_reactions;
