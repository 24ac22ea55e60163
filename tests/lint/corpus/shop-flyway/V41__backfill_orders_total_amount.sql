-- orders had 38k rows when this ran; one UPDATE took 0.6 s on the staging copy.
-- schemashift:ignore unbatched-data-change -- measured, small table, off-peak deploy
UPDATE orders SET total_amount = total_cents / 100.0;
