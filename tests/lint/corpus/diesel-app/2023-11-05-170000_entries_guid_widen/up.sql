ALTER TABLE entries ALTER COLUMN guid TYPE varchar(512);
