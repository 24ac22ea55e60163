-- Not reverted: entries may hold GUIDs longer than 255 characters by now.
SELECT 1;
