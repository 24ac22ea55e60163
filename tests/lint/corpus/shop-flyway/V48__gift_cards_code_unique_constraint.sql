SET lock_timeout = '3s';

-- Reuses the index built concurrently in V47: only a brief ACCESS EXCLUSIVE lock.
ALTER TABLE gift_cards ADD CONSTRAINT gift_cards_code_key UNIQUE USING INDEX gift_cards_code_key;
