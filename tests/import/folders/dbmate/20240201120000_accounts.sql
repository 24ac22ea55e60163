-- migrate:up
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "Display Name" text NOT NULL,
  plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro'))
);
CREATE INDEX accounts_plan_idx ON accounts (plan) INCLUDE ("Display Name");

-- migrate:down
DROP TABLE accounts;
