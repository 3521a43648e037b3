-- Issue 19, search speed on PostgreSQL. The title pass matched the title
-- lexemes (weight A) of the whole article's tsvector: the GIN index finds
-- every article holding the words anywhere, and each must then be read and
-- checked for the weight (seconds for a common word at 100k articles). A
-- title-only tsvector with its own GIN index answers the title pass alone,
-- as SQLite's kb_search_titles does. Set for published articles only, like
-- search_vector (store/kb_repo.cpp, index_article).
-- {{POSTGRES}}
ALTER TABLE kb_articles ADD COLUMN title_vector tsvector;
UPDATE kb_articles SET title_vector = to_tsvector(CAST(search_config AS regconfig), title)
  WHERE search_vector IS NOT NULL;
CREATE INDEX kb_articles_title_search ON kb_articles USING GIN (title_vector);
-- {{END}}
