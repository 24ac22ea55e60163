CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS gift_cards_code_key ON gift_cards (code);
