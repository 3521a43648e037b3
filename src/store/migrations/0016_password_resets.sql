-- Password resets: a single-use token mailed to the account's address, kept
-- only as its SHA-256, valid until expires_at; used_at marks it spent (a
-- newer request or a reset spends the older ones too).
CREATE TABLE password_resets (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX password_resets_token ON password_resets (token_hash);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- Mail no event caused (event_id 0, such as a reset link) may go to one
-- address more than once; the (event, address) rule stays for the rest.
DROP INDEX mail_messages_event;
CREATE UNIQUE INDEX mail_messages_event ON mail_messages (event_id, to_address) WHERE event_id <> 0;
