-- The knowledge base (issue 19): categories in a tree, articles (one row per
-- slug and locale; the row is the working copy, a draft or the published
-- text), every published version kept, views counted once per visitor and
-- day, and one helpful/not-helpful vote per visitor and article.
CREATE TABLE kb_categories (
  id {{ID}},
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  parent_id BIGINT REFERENCES kb_categories (id) ON DELETE RESTRICT,
  position BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX kb_categories_slug ON kb_categories (slug);
CREATE INDEX kb_categories_parent ON kb_categories (parent_id, position, id);

CREATE TABLE kb_articles (
  id {{ID}},
  slug TEXT NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  audience TEXT NOT NULL CHECK (audience IN ('public', 'customers', 'staff')),
  category_id BIGINT REFERENCES kb_categories (id) ON DELETE SET NULL,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  views BIGINT NOT NULL DEFAULT 0,
  helpful_count BIGINT NOT NULL DEFAULT 0,
  not_helpful_count BIGINT NOT NULL DEFAULT 0,
  published_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX kb_articles_slug_locale ON kb_articles (slug, locale);
CREATE INDEX kb_articles_listing ON kb_articles (status, locale, category_id, published_at, id);

-- Every text that was published, numbered per article from 1.
CREATE TABLE kb_article_versions (
  id {{ID}},
  article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  published_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  published_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX kb_article_versions_number ON kb_article_versions (article_id, version);

-- visitor: "u<user id>" or "v<cookie>"; day: UTC days since the epoch.
CREATE TABLE kb_article_views (
  article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  visitor TEXT NOT NULL,
  day BIGINT NOT NULL,
  PRIMARY KEY (article_id, visitor, day)
);

CREATE TABLE kb_feedback (
  id {{ID}},
  article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  visitor TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  helpful INTEGER NOT NULL,
  comment TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX kb_feedback_visitor ON kb_feedback (article_id, visitor);

-- Search. SQLite: an FTS5 table per article (rowid = article id) that the
-- repository keeps in step with published articles; unicode61 splits words
-- (diacritics folded), and a trigram twin indexes the ja/ko/zh articles,
-- whose words are not separated by spaces.
-- {{SQLITE}}
CREATE VIRTUAL TABLE kb_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE VIRTUAL TABLE kb_search_cjk USING fts5(title, body, tokenize = 'trigram');
-- {{END}}
-- PostgreSQL: a weighted tsvector (title A, body B) built with the
-- article's language configuration ('simple' where there is none), under GIN.
-- {{POSTGRES}}
ALTER TABLE kb_articles ADD COLUMN search_config TEXT NOT NULL DEFAULT 'simple';
ALTER TABLE kb_articles ADD COLUMN search_vector tsvector;
CREATE INDEX kb_articles_search ON kb_articles USING GIN (search_vector);
-- {{END}}
