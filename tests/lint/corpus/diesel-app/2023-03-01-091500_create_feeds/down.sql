DROP TABLE feeds;
DROP TYPE feed_kind;
