-- Créé par pg_dump
CREATE TABLE public.t (id bigint, "nomé" text);
