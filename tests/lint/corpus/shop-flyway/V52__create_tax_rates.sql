CREATE TABLE tax_rates (
    country      TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT 'standard',
    rate         NUMERIC(5, 4) NOT NULL,
    valid_from   DATE NOT NULL,
    PRIMARY KEY (country, category, valid_from)
);

INSERT INTO tax_rates (country, category, rate, valid_from) VALUES
    ('DE', 'standard', 0.1900, '2021-01-01'),
    ('DE', 'reduced',  0.0700, '2021-01-01'),
    ('AT', 'standard', 0.2000, '2021-01-01'),
    ('FR', 'standard', 0.2000, '2021-01-01');
