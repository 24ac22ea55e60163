CREATE TABLE categories (
    id         SERIAL PRIMARY KEY,
    parent_id  INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    slug       VARCHAR(100) NOT NULL UNIQUE,
    name       VARCHAR(100) NOT NULL
);

CREATE TABLE product_categories (
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, category_id)
);
