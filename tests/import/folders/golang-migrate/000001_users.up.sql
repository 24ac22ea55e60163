CREATE TABLE users (id serial PRIMARY KEY, "User Name" varchar(80) NOT NULL, active boolean DEFAULT true);
CREATE UNIQUE INDEX users_lower_name ON users (lower("User Name"));
