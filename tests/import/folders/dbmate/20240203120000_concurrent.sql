-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts ("Display Name");

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY accounts_name_idx;
