-- Issue 19, search speed. SQLite gains a title-only full-text index (the
-- title pass then reads the entries of titles, far fewer than a common word
-- has in bodies) with its trigram twin for ja, ko and zh, and
-- kb_search_scope, a narrow copy of each published article's locale and
-- audience that a search joins by id instead of reading kb_articles rows
-- (the long body lies between their key and the audience). Built from the
-- published articles; the repository keeps them in step from here on.
-- PostgreSQL filters on kb_articles' columns under its own indexes.
-- {{SQLITE}}
CREATE VIRTUAL TABLE kb_search_titles USING fts5(title, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE VIRTUAL TABLE kb_search_titles_cjk USING fts5(title, tokenize = 'trigram');
CREATE TABLE kb_search_scope (
  article_id INTEGER PRIMARY KEY,
  locale TEXT NOT NULL,
  audience TEXT NOT NULL
);
INSERT INTO kb_search_scope (article_id, locale, audience)
  SELECT id, locale, audience FROM kb_articles WHERE status = 'published';
INSERT INTO kb_search_titles (rowid, title)
  SELECT id, title FROM kb_articles
  WHERE status = 'published' AND substr(locale, 1, instr(locale || '-', '-') - 1) NOT IN ('ja', 'ko', 'zh');
INSERT INTO kb_search_titles_cjk (rowid, title)
  SELECT id, title FROM kb_articles
  WHERE status = 'published' AND substr(locale, 1, instr(locale || '-', '-') - 1) IN ('ja', 'ko', 'zh');
-- {{END}}

-- Housekeeping deletes expired magic links (guest_links) hourly, oldest
-- first, in batches.
CREATE INDEX guest_links_expiry ON guest_links (expires_at);
