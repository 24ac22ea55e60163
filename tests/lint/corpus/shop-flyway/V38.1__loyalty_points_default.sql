-- Hotfix: sign-ups failed after V38 because the application does not send loyalty_points.
ALTER TABLE customers ALTER COLUMN loyalty_points SET DEFAULT 0;
