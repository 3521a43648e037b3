-- Two-factor sign-in (TOTP, RFC 6238) and its single-use recovery codes.
--
-- secret is the base32 TOTP key. Unlike a password it cannot be hashed: the
-- server computes the same codes the authenticator shows, so it needs the
-- key itself. It is written once by setup and never leaves the server again.
-- A row with enabled = 0 is a pending setup that a confirmed code turns on;
-- setting up again replaces it.
-- last_step is the 30-second step of the last code accepted (-1: none yet).
-- Sign-in advances it with a compare-and-set (WHERE last_step < new step), so
-- a code works once, even for two sign-ins racing with it.
CREATE TABLE two_factor (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 0,
  last_step BIGINT NOT NULL DEFAULT -1,
  created_at BIGINT NOT NULL,
  enabled_at BIGINT
);

-- Only the SHA-256 of each recovery code is kept; using one deletes its row.
CREATE TABLE two_factor_recovery_codes (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_digest TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX two_factor_recovery_codes_user ON two_factor_recovery_codes (user_id);
