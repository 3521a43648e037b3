-- Foundation schema: accounts, sessions, departments, tags, tickets, replies,
-- the activity timeline, the audit log, the event outbox and settings.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); booleans are
-- INTEGER 0/1; both read the same on SQLite and PostgreSQL.

CREATE TABLE users (
  id {{ID}},
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT,
  role TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  external_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- E-mail identifies a local account (one that signs in with a password).
-- Users an embedding host maps in by external_id may share an address with
-- a local account without locking each other out.
CREATE UNIQUE INDEX users_email ON users (email) WHERE external_id IS NULL;
CREATE UNIQUE INDEX users_external_id ON users (external_id);

CREATE TABLE sessions (
  id {{ID}},
  token_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE departments (
  id {{ID}},
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX departments_name ON departments (name);

CREATE TABLE tags (
  id {{ID}},
  name TEXT NOT NULL,
  color TEXT NOT NULL DEFAULT '#6b7280',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (name);

CREATE TABLE tickets (
  id {{ID}},
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  ticket_type TEXT NOT NULL,
  channel TEXT NOT NULL,
  requester_id BIGINT REFERENCES users (id),
  guest_name TEXT,
  guest_email TEXT,
  assignee_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT,
  closed_at BIGINT,
  first_response_at BIGINT
);
-- The queue sorts by updated_at (default), created_at or priority, always with
-- id as the tie-breaker that keeps cursors stable.
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_priority ON tickets (priority, id);
CREATE INDEX tickets_priority_updated ON tickets (priority, updated_at, id);
CREATE INDEX tickets_status_updated ON tickets (status, updated_at, id);
CREATE INDEX tickets_status_priority ON tickets (status, priority, id);
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at, id);
CREATE INDEX tickets_department_updated ON tickets (department_id, updated_at, id);
CREATE INDEX tickets_requester_updated ON tickets (requester_id, updated_at, id);
CREATE INDEX tickets_resolved_at ON tickets (resolved_at);
-- Open work is a small share of all tickets; the dashboard counts it from
-- this index alone (one range per open status) instead of scanning every
-- ticket ever filed.
CREATE INDEX tickets_status_assignee ON tickets (status, assignee_id);

CREATE TABLE ticket_tags (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (ticket_id, tag_id)
);
CREATE INDEX ticket_tags_tag ON ticket_tags (tag_id, ticket_id);

CREATE TABLE replies (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id),
  body TEXT NOT NULL,
  is_internal_note INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX replies_ticket ON replies (ticket_id, id);

CREATE TABLE ticket_activities (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users (id),
  type TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_activities_ticket ON ticket_activities (ticket_id, id);

CREATE TABLE audit_logs (
  id {{ID}},
  actor_id BIGINT,
  entity_type TEXT NOT NULL,
  entity_id BIGINT,
  action TEXT NOT NULL,
  old_values TEXT,
  new_values TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX audit_logs_entity ON audit_logs (entity_type, entity_id, id);
CREATE INDEX audit_logs_created ON audit_logs (created_at, id);

-- Domain events written in the same transaction as the change that caused
-- them; relays hand them on and stamp dispatched_at.
CREATE TABLE outbox (
  id {{ID}},
  event_type TEXT NOT NULL,
  ticket_id BIGINT,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  dispatched_at BIGINT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
