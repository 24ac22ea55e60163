INSERT INTO shipping_methods (code, name, price_cents, carrier) VALUES
    ('standard', 'Standard (3-5 days)', 495, 'DHL'),
    ('express', 'Express (next day)', 1290, 'DHL Express'),
    ('pickup', 'Pick up in store', 0, 'none');
