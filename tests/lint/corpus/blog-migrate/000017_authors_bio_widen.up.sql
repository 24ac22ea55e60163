-- varchar(500) -> varchar(2000): a pure catalog change, no rewrite.
ALTER TABLE authors ALTER COLUMN bio TYPE varchar(2000);
