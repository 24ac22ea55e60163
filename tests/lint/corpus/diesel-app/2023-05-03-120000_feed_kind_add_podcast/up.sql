ALTER TYPE feed_kind ADD VALUE IF NOT EXISTS 'podcast';
