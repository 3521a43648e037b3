-- Issue 19, search speed: SQLite's knowledge-base index gains a `scope`
-- column holding who may find the article ("len apublic": its locale and
-- audience as words, see scope_word in kb_repo.cpp), so a search filters
-- and ranks inside the index without reading an article row per match.
-- The index is rebuilt from the published articles; unspaced scripts (ja,
-- ko, zh) keep their trigram twin. PostgreSQL filters on kb_articles'
-- columns under its own indexes and needs no change.
-- {{SQLITE}}
DROP TABLE kb_search;
DROP TABLE kb_search_cjk;
CREATE VIRTUAL TABLE kb_search USING fts5(title, body, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE VIRTUAL TABLE kb_search_cjk USING fts5(title, body, scope, tokenize = 'trigram');
INSERT INTO kb_search (rowid, title, body, scope)
  SELECT id, title, body, 'l' || lower(replace(locale, '-', '')) || ' a' || audience
  FROM kb_articles
  WHERE status = 'published' AND substr(locale, 1, instr(locale || '-', '-') - 1) NOT IN ('ja', 'ko', 'zh');
INSERT INTO kb_search_cjk (rowid, title, body, scope)
  SELECT id, title, body, 'l' || lower(replace(locale, '-', '')) || ' a' || audience
  FROM kb_articles
  WHERE status = 'published' AND substr(locale, 1, instr(locale || '-', '-') - 1) IN ('ja', 'ko', 'zh');
-- {{END}}

-- Housekeeping deletes expired magic links (guest_links) hourly, oldest
-- first, in batches.
CREATE INDEX guest_links_expiry ON guest_links (expires_at);
