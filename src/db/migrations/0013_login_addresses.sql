-- Sign-in throttling by account and address (src/http/auth.ts): the addresses from which an
-- account signed in successfully, so that failures elsewhere cannot lock its owner out there.
-- Addresses are kept as SHA-256 hashes, for 90 days after their last success.
CREATE TABLE login_known_addresses (
  user_id text NOT NULL,
  address_hash text NOT NULL,
  last_success timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address_hash)
);
