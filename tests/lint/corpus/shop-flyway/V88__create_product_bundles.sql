CREATE TABLE product_bundles (
    bundle_id     INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    component_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    quantity      INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (bundle_id, component_id),
    CHECK (bundle_id <> component_id)
);
