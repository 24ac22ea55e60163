-- citext for case-insensitive emails; pgcrypto for digest() in support scripts.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
