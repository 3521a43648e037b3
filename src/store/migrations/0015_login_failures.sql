-- Sign-in failures per account and per client IP address, shared by every
-- node of a cluster (services/shared_login_failures.h), so that failures
-- spread over several nodes lock an account as they would on one. Keys are
-- kept as SHA-256 only: the table names no e-mail or IP address that was
-- tried. idle_after is when the record may be forgotten (a window after its
-- last failure and its lock); housekeeping deletes it then.
CREATE TABLE login_failures (
  key_hash TEXT PRIMARY KEY,
  recent TEXT NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  last_failure BIGINT NOT NULL,
  idle_after BIGINT NOT NULL
);
CREATE INDEX login_failures_idle ON login_failures (idle_after);
