-- Wrong: forgets to drop the column the V file added (only clears its comment).
COMMENT ON COLUMN users.nickname IS NULL;
