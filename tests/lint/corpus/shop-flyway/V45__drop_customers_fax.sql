-- Nobody has entered a fax number since 2019.
ALTER TABLE customers DROP COLUMN fax;
