CREATE TABLE wishlists (
    id           SERIAL PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL DEFAULT 'My wishlist',
    created_at   TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE wishlist_items (
    wishlist_id  INTEGER NOT NULL REFERENCES wishlists (id) ON DELETE CASCADE,
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    added_at     TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (wishlist_id, product_id)
);
