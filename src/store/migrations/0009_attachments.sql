-- Files uploaded with replies and new tickets. The bytes live in the
-- attachment store, content-addressed by sha256; this row is the metadata.
-- reply_id is null for the ticket's first message.
CREATE TABLE attachments (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  reply_id BIGINT REFERENCES replies (id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id, id);
CREATE INDEX attachments_reply ON attachments (reply_id);
