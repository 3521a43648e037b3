-- Issue 16, search at a million tickets.
--
-- SQLite: a trigram index of users' names and addresses (external content,
-- kept by triggers), so "ana lima" or "example.com" in the search box finds
-- requesters without reading every user row (store/ticket_search_sql.cpp,
-- requester_ids). Then the ticket and reply indexes are merged into one
-- segment each: an index built or grown in bulk holds dozens of segments,
-- and every per-ticket lookup of the common-word plan seeks in each of them
-- (0.15 ms a lookup at a million tickets, 0.02 ms after). Housekeeping keeps
-- them merged from here on (store/maintenance.h, merge_search_indexes).
-- PostgreSQL's GIN indexes need neither.
-- {{SQLITE}}
CREATE VIRTUAL TABLE users_search USING fts5 (
  name, email, content = 'users', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_search (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_search (users_search, rowid, name, email)
  VALUES ('delete', old.id, old.name, old.email);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF name, email ON users
WHEN old.name IS NOT new.name OR old.email IS NOT new.email
BEGIN
  INSERT INTO users_search (users_search, rowid, name, email)
  VALUES ('delete', old.id, old.name, old.email);
  INSERT INTO users_search (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
INSERT INTO users_search (users_search) VALUES ('rebuild');
INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize');
INSERT INTO replies_fts (replies_fts) VALUES ('optimize');
-- {{END}}
