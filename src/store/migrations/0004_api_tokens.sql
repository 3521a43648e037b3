-- API tokens: bearer credentials for integrations. Only the SHA-256 of the
-- secret is kept; `prefix` (the first characters) lets people tell tokens
-- apart in lists. abilities is a JSON array ("tickets:read", "tickets:write",
-- "admin", "*"). last_used_at is written at most once a minute per token.
CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  prefix TEXT NOT NULL,
  abilities TEXT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
