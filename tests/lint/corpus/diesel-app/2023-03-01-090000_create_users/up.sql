CREATE TABLE users (
    id          serial PRIMARY KEY,
    email       varchar(64) NOT NULL UNIQUE,
    name        varchar(100) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
