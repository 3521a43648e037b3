-- Full-text search over tickets (subject, description, a guest requester's
-- name and address) and replies (notes too; the query leaves them out for
-- customers), and saved views of the search language.
--
-- SQLite: FTS5 tables over the rows themselves (external content, so the
-- text is stored once), kept current by triggers and filled from what is
-- there ('rebuild'). The update trigger fires only when an indexed column
-- really changed: every ticket write sets all its columns.
-- {{SQLITE}}
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
  subject, description, guest_name, guest_email,
  content = 'tickets', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts (rowid, subject, description, guest_name, guest_email)
  VALUES (new.id, new.subject, new.description, new.guest_name, new.guest_email);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO tickets_fts (tickets_fts, rowid, subject, description, guest_name, guest_email)
  VALUES ('delete', old.id, old.subject, old.description, old.guest_name, old.guest_email);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, description, guest_name, guest_email
ON tickets
WHEN old.subject IS NOT new.subject OR old.description IS NOT new.description
  OR old.guest_name IS NOT new.guest_name OR old.guest_email IS NOT new.guest_email
BEGIN
  INSERT INTO tickets_fts (tickets_fts, rowid, subject, description, guest_name, guest_email)
  VALUES ('delete', old.id, old.subject, old.description, old.guest_name, old.guest_email);
  INSERT INTO tickets_fts (rowid, subject, description, guest_name, guest_email)
  VALUES (new.id, new.subject, new.description, new.guest_name, new.guest_email);
END;
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE replies_fts USING fts5 (
  body, content = 'replies', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER replies_fts_insert AFTER INSERT ON replies BEGIN
  INSERT INTO replies_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER replies_fts_delete AFTER DELETE ON replies BEGIN
  INSERT INTO replies_fts (replies_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER replies_fts_update AFTER UPDATE OF body ON replies
WHEN old.body IS NOT new.body
BEGIN
  INSERT INTO replies_fts (replies_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO replies_fts (rowid, body) VALUES (new.id, new.body);
END;
INSERT INTO replies_fts (replies_fts) VALUES ('rebuild');
-- {{END}}

-- PostgreSQL: GIN indexes over the documents' tsvectors, built from the
-- existing rows here and kept by the engine. The expressions must stay
-- exactly those of store/ticket_search_sql.cpp (kTicketDocument,
-- kReplyDocument), or the queries stop using them.
-- {{POSTGRES}}
CREATE INDEX tickets_search ON tickets USING GIN (to_tsvector('simple', regexp_replace(
  subject || ' ' || description || ' ' || COALESCE(guest_name, '') || ' ' || COALESCE(guest_email, ''),
  '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g')));
CREATE INDEX replies_search ON replies USING GIN (to_tsvector('simple', regexp_replace(
  body, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g')));
-- {{END}}

-- sla:breached looks up the breached clocks.
CREATE INDEX ticket_sla_breached ON ticket_sla (ticket_id)
  WHERE first_response_breached = 1 OR resolution_breached = 1;

-- Saved views: a named query of the search language with its sort and
-- columns, the owner's only or shared with all staff. Each user orders the
-- views they see (their own and the shared ones) in saved_view_positions.
CREATE TABLE saved_views (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  sort TEXT NOT NULL,
  columns TEXT NOT NULL,
  shared INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX saved_views_user ON saved_views (user_id, id);
CREATE INDEX saved_views_shared ON saved_views (shared, id);

CREATE TABLE saved_view_positions (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  view_id BIGINT NOT NULL REFERENCES saved_views (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (user_id, view_id)
);
CREATE INDEX saved_view_positions_view ON saved_view_positions (view_id);
