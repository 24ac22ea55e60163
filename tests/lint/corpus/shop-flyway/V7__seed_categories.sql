INSERT INTO categories (slug, name) VALUES
    ('apparel', 'Apparel'),
    ('shoes', 'Shoes'),
    ('accessories', 'Accessories'),
    ('sale', 'Sale');

INSERT INTO categories (parent_id, slug, name)
SELECT id, 'sneakers', 'Sneakers' FROM categories WHERE slug = 'shoes';
