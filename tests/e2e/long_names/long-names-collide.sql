-- Base schema for long-names-collide.yaml: a 63-byte table whose two 63-byte columns are
-- equal in their first 59 bytes, so names derived from them (<column>_new, the sync
-- trigger and function) shorten alike unless something keeps them apart.
CREATE TABLE public.ledger_tttttttttttttttttttttttttttttttttttttttttttttttttttttttt (
    id bigint NOT NULL,
    wide_cccccccccccccccccccccccccccccccccccccccccccccccccccccc_one integer,
    wide_cccccccccccccccccccccccccccccccccccccccccccccccccccccc_two integer,
    CONSTRAINT ledger_ttttttttttttttttttttttttttttttttttttttttttttttttttt_pkey PRIMARY KEY (id)
);
