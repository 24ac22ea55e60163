-- Planner statistics were stale after the SHOP-301 backfill.
ANALYZE orders;
ANALYZE order_items;
