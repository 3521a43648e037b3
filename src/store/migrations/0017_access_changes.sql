-- When a user's credentials or permissions last changed (a session ended, a
-- token revoked, the user deactivated or re-roled; user_id 0: a role's
-- permissions, which concern everyone), so that every node of a cluster
-- re-checks the live WebSockets of that user within a second
-- (services/realtime/access_watch.h). One row per user; changed_at is the
-- wall clock in epoch ms, only ever moving forward, and nodes read the rows
-- changed lately.
CREATE TABLE access_changes (
  user_id BIGINT PRIMARY KEY,
  changed_at BIGINT NOT NULL
);
CREATE INDEX access_changes_at ON access_changes (changed_at);
