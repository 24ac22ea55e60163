ALTER TABLE authors ALTER COLUMN bio TYPE varchar(500) USING left(bio, 500);
