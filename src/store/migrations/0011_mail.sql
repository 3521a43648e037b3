-- Outgoing mail: a durable queue of notifications, each a complete RFC 5322
-- message composed once when its event is relayed (so every retry sends the
-- very same bytes), and the admins' overrides of the built-in templates.
-- One message per (event, recipient): an event offered twice after a crash
-- queues once. event_id is 0 for mail no event caused.
CREATE TABLE mail_messages (
  id {{ID}},
  event_id BIGINT NOT NULL,
  template TEXT NOT NULL,
  ticket_id BIGINT,
  recipient_id BIGINT,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  message_id TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mail_messages_event ON mail_messages (event_id, to_address);
CREATE INDEX mail_messages_due ON mail_messages (next_attempt_at, id) WHERE status = 'queued';

CREATE TABLE mail_templates (
  template_key TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
