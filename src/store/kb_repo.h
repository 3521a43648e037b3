// The knowledge base (migration 0022): categories, articles and their
// published versions, views per visitor and day, feedback, and the search
// index (SQLite FTS5 tables, PostgreSQL a tsvector column), kept in step by
// index_article whenever an article is written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::kb {

struct CategoryRecord {
  std::int64_t id = 0;
  std::string name;
  std::string slug;
  std::optional<std::int64_t> parent_id;
  std::int64_t position = 0;
  Millis created_at = 0;
  Millis updated_at = 0;
};

// By parent's position order: position, then id.
std::vector<CategoryRecord> list_categories(Connection& c);
std::optional<CategoryRecord> find_category(Connection& c, std::int64_t id);
std::optional<CategoryRecord> find_category_by_slug(Connection& c, const std::string& slug);
std::map<std::int64_t, std::optional<std::int64_t>> category_parents(Connection& c);
std::int64_t insert_category(Connection& c, const CategoryRecord& r);
void update_category(Connection& c, const CategoryRecord& r);
// Whether any category has this one as its parent.
bool has_children(Connection& c, std::int64_t id);
void delete_category(Connection& c, std::int64_t id);

struct ArticleRecord {
  std::int64_t id = 0;
  std::string slug;
  std::string locale;
  std::string title;
  std::string body;
  std::string body_html;
  std::string status;    // draft | published
  std::string audience;  // public | customers | staff
  std::optional<std::int64_t> category_id;
  std::optional<std::int64_t> author_id;
  std::string author_name;  // read only (joined)
  std::string tags = "[]";  // a JSON array of strings
  std::int64_t views = 0;
  std::int64_t helpful = 0;
  std::int64_t not_helpful = 0;
  std::optional<Millis> published_at;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::optional<std::int64_t> version;  // read only: the latest published version's number
};

std::optional<ArticleRecord> find_article(Connection& c, std::int64_t id);
// A published article by slug in `locale`, among the audiences given.
std::optional<ArticleRecord> find_published(Connection& c, const std::string& slug,
                                            const std::string& locale,
                                            const std::vector<std::string>& audiences);
std::int64_t insert_article(Connection& c, const ArticleRecord& r);
// Writes everything but the counters.
void update_article(Connection& c, const ArticleRecord& r);
void delete_article(Connection& c, std::int64_t id);

struct ArticleFilter {
  std::optional<std::string> status;
  std::optional<std::vector<std::string>> audiences;
  std::optional<std::vector<std::int64_t>> category_ids;
  // Each is contained in the title, both sides through the database's LOWER
  // (ASCII letters on SQLite, the database's locale on PostgreSQL).
  std::vector<std::string> title_words;
  // Readers: this locale, and articles in `fallback_locale` that have no
  // published version in it readable by the same audiences.
  std::optional<std::string> locale;
  std::optional<std::string> fallback_locale;
  // Staff: at least `min_votes` votes and fewer than half helpful.
  bool needs_work = false;
  std::int64_t min_votes = 0;
  bool newest_published_first = false;  // else the latest change first
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};
std::vector<ArticleRecord> list_articles(Connection& c, const ArticleFilter& f);

struct VersionRecord {
  std::int64_t article_id = 0;
  std::int64_t version = 0;
  std::string title;
  std::string body;
  std::optional<std::int64_t> published_by;
  std::string published_by_name;  // read only
  Millis published_at = 0;
};
// Numbers the version (the article's last + 1) and returns the number.
std::int64_t add_version(Connection& c, const VersionRecord& v);
// Newest first, without bodies.
std::vector<VersionRecord> list_versions(Connection& c, std::int64_t article_id);
std::optional<VersionRecord> find_version(Connection& c, std::int64_t article_id,
                                          std::int64_t version);

// Counts a view unless this visitor viewed the article on `day` already.
// Returns whether it counted.
bool count_view(Connection& c, std::int64_t article_id, const std::string& visitor,
                std::int64_t day);

struct FeedbackRecord {
  std::int64_t id = 0;
  std::int64_t article_id = 0;
  std::string visitor;
  std::optional<std::int64_t> user_id;
  std::string user_name;  // read only
  bool helpful = false;
  std::optional<std::string> comment;
  Millis created_at = 0;
  Millis updated_at = 0;
};
// The visitor's vote on the article: new, or replacing theirs. Recounts the
// article's helpful and not-helpful totals. Returns the row and whether it
// was new.
std::pair<FeedbackRecord, bool> upsert_feedback(Connection& c, const FeedbackRecord& f);
// Votes with a comment, latest first, at most `limit`.
std::vector<FeedbackRecord> feedback_comments(Connection& c, std::int64_t article_id, int limit);

// The search index entry of an article: (re)written when it is published,
// removed when it is not. `search_config`: PostgreSQL's configuration for
// its language; `unspaced`: index by trigrams (SQLite; ja, ko, zh).
void index_article(Connection& c, const ArticleRecord& r, const std::string& search_config,
                   bool unspaced);
void unindex_article(Connection& c, std::int64_t id);

struct SearchQuery {
  std::vector<std::string> words;  // letters and digits only (core::kb::search_words)
  std::vector<std::string> audiences;
  std::string locale;
  std::string search_config;  // PostgreSQL
  bool unspaced = false;      // SQLite: the trigram index
  bool any_word = false;      // match articles with any of the words, not all
  std::int64_t limit = 10;
  // How many matches (newest first) each pass ranks: a word found in nearly
  // every article would otherwise have every article scored per search.
  std::int64_t candidates = 1000;
};
struct SearchHit {
  std::int64_t id = 0;
  std::string slug;
  std::string locale;
  std::string title;
  std::optional<std::int64_t> category_id;
  std::string audience;
  // The body around the match, matched words between \x01 and \x02.
  std::string snippet;
  double score = 0;  // higher is better
};
// Published articles of the locale the audiences may read matching every
// word (or any, with any_word; the last word, being typed, as a prefix). Two passes: articles
// whose title matches, then the rest whose body matches; each pass ranks the
// newest `candidates` matches only, so a search costs the same at 1k or 1M
// articles and an old article found only through a common word may be left
// out (an exact title match is not, unless a thousand newer titles match).
std::vector<SearchHit> search(Connection& c, const SearchQuery& q);

struct TitleRecord {
  std::int64_t id = 0;
  std::string slug;
  std::string locale;
  std::string title;
  std::optional<std::int64_t> category_id;
  std::string audience;
};
// Every published title of the locale the audiences may read (the typo
// fallback's candidates).
std::vector<TitleRecord> published_titles(Connection& c, const std::string& locale,
                                          const std::vector<std::string>& audiences);

struct SitemapEntry {
  std::string slug;
  std::string locale;
  Millis updated_at = 0;
};
// Published public articles, every locale, at most `limit`.
std::vector<SitemapEntry> sitemap(Connection& c, int limit);

}  // namespace escalated::store::kb
