-- Every inbound e-mail message the helpdesk looked at, with what became of
-- it (outcome: created, replied, duplicate, ignored, failed). A Message-ID
-- is stored once: the unique index makes a second delivery of the same
-- message a duplicate, even when two arrive at the same moment. Messages
-- without a Message-ID (NULL) are never duplicates. Duplicates themselves
-- are answered but not stored.
CREATE TABLE inbound_messages (
  id {{ID}},
  message_id TEXT,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  outcome TEXT NOT NULL,
  matched_by TEXT NOT NULL,
  ticket_id BIGINT REFERENCES tickets (id) ON DELETE SET NULL,
  reply_id BIGINT REFERENCES replies (id) ON DELETE SET NULL,
  error TEXT,
  size BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX inbound_messages_message_id ON inbound_messages (message_id);
CREATE INDEX inbound_messages_received ON inbound_messages (received_at, id);
