ALTER TABLE feeds ALTER COLUMN title TYPE varchar(200);
