-- Wishlists were replaced by "saved for later" in the cart service.
DROP TABLE wishlist_items;
DROP TABLE wishlists;
