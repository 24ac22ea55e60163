CREATE TABLE plans (
    id                 text PRIMARY KEY,
    name               text NOT NULL,
    monthly_price_cents bigint NOT NULL,
    seat_limit         integer,
    active             boolean NOT NULL DEFAULT true
);

INSERT INTO plans (id, name, monthly_price_cents, seat_limit) VALUES
    ('free', 'Free', 0, 3),
    ('team', 'Team', 4900, 25),
    ('business', 'Business', 19900, NULL);
