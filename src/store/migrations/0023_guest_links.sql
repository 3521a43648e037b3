-- Magic links: what lets a guest (no account) open one ticket from the
-- widget or a mail. Only the token's SHA-256 is kept. A link works until
-- expires_at, which every use moves on (Guest.TokenLifetimeDays); staff
-- revoke a ticket's links by deleting them.
CREATE TABLE guest_links (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE UNIQUE INDEX guest_links_token ON guest_links (token_hash);
CREATE INDEX guest_links_ticket ON guest_links (ticket_id);

-- Keys the server signs with, made on first use: "rating_links" signs the
-- one-click rating links of the resolved mail.
CREATE TABLE signing_keys (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
