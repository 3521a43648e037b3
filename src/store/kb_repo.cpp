#include "store/kb_repo.h"

#include <algorithm>

#include "core/kb.h"

namespace escalated::store::kb {
namespace {

constexpr const char* kCategorySelect =
    "SELECT id, name, slug, parent_id, position, created_at, updated_at FROM kb_categories";

CategoryRecord read_category(const Row& r) {
  CategoryRecord out;
  out.id = r.i64(0);
  out.name = r.text(1);
  out.slug = r.text(2);
  out.parent_id = r.opt_i64(3);
  out.position = r.i64(4);
  out.created_at = r.i64(5);
  out.updated_at = r.i64(6);
  return out;
}

constexpr const char* kArticleColumns =
    "a.id, a.slug, a.locale, a.title, a.body, a.body_html, a.status, a.audience, a.category_id, "
    "a.author_id, u.name, a.tags, a.views, a.helpful_count, a.not_helpful_count, a.published_at, "
    "a.created_at, a.updated_at, "
    "(SELECT MAX(v.version) FROM kb_article_versions v WHERE v.article_id = a.id)";
constexpr const char* kArticleFrom = " FROM kb_articles a LEFT JOIN users u ON u.id = a.author_id";

ArticleRecord read_article(const Row& r) {
  ArticleRecord out;
  out.id = r.i64(0);
  out.slug = r.text(1);
  out.locale = r.text(2);
  out.title = r.text(3);
  out.body = r.text(4);
  out.body_html = r.text(5);
  out.status = r.text(6);
  out.audience = r.text(7);
  out.category_id = r.opt_i64(8);
  out.author_id = r.opt_i64(9);
  out.author_name = r.opt_text(10).value_or("");
  out.tags = r.text(11);
  out.views = r.i64(12);
  out.helpful = r.i64(13);
  out.not_helpful = r.i64(14);
  out.published_at = r.opt_i64(15);
  out.created_at = r.i64(16);
  out.updated_at = r.i64(17);
  out.version = r.opt_i64(18);
  return out;
}

// " IN (?, ?, ...)" with the values appended to params.
template <typename T>
std::string in_list(const std::vector<T>& values, Params& params) {
  std::string sql = " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(values[i]);
  }
  if (values.empty()) sql += "NULL";
  return sql + ")";
}

}  // namespace

std::vector<CategoryRecord> list_categories(Connection& c) {
  std::vector<CategoryRecord> out;
  for (const Row& r : c.query(std::string(kCategorySelect) + " ORDER BY position, id").rows)
    out.push_back(read_category(r));
  return out;
}

std::optional<CategoryRecord> find_category(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kCategorySelect) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_category(rs.first());
}

std::optional<CategoryRecord> find_category_by_slug(Connection& c, const std::string& slug) {
  ResultSet rs = c.query(std::string(kCategorySelect) + " WHERE slug = ?", {slug});
  if (rs.empty()) return std::nullopt;
  return read_category(rs.first());
}

std::map<std::int64_t, std::optional<std::int64_t>> category_parents(Connection& c) {
  std::map<std::int64_t, std::optional<std::int64_t>> out;
  for (const Row& r : c.query("SELECT id, parent_id FROM kb_categories").rows)
    out[r.i64(0)] = r.opt_i64(1);
  return out;
}

std::int64_t insert_category(Connection& c, const CategoryRecord& r) {
  return c
      .query(
          "INSERT INTO kb_categories (name, slug, parent_id, position, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {r.name, r.slug, r.parent_id, r.position, r.created_at, r.updated_at})
      .first()
      .i64(0);
}

void update_category(Connection& c, const CategoryRecord& r) {
  c.execute(
      "UPDATE kb_categories SET name = ?, slug = ?, parent_id = ?, position = ?, updated_at = ? "
      "WHERE id = ?",
      {r.name, r.slug, r.parent_id, r.position, r.updated_at, r.id});
}

bool has_children(Connection& c, std::int64_t id) {
  return c.scalar("SELECT 1 FROM kb_categories WHERE parent_id = ? LIMIT 1", {id}).has_value();
}

void delete_category(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM kb_categories WHERE id = ?", {id});
}

std::optional<ArticleRecord> find_article(Connection& c, std::int64_t id) {
  ResultSet rs =
      c.query(std::string("SELECT ") + kArticleColumns + kArticleFrom + " WHERE a.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_article(rs.first());
}

std::optional<ArticleRecord> find_published(Connection& c, const std::string& slug,
                                            const std::string& locale,
                                            const std::vector<std::string>& audiences) {
  Params params{slug, locale};
  std::string sql = std::string("SELECT ") + kArticleColumns + kArticleFrom +
                    " WHERE a.slug = ? AND a.locale = ? AND a.status = 'published' AND a.audience" +
                    in_list(audiences, params);
  ResultSet rs = c.query(sql, params);
  if (rs.empty()) return std::nullopt;
  return read_article(rs.first());
}

std::int64_t insert_article(Connection& c, const ArticleRecord& r) {
  return c
      .query(
          "INSERT INTO kb_articles (slug, locale, title, body, body_html, status, audience, "
          "category_id, author_id, tags, published_at, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.slug, r.locale, r.title, r.body, r.body_html, r.status, r.audience, r.category_id,
           r.author_id, r.tags, r.published_at, r.created_at, r.updated_at})
      .first()
      .i64(0);
}

void update_article(Connection& c, const ArticleRecord& r) {
  c.execute(
      "UPDATE kb_articles SET slug = ?, locale = ?, title = ?, body = ?, body_html = ?, status = "
      "?, "
      "audience = ?, category_id = ?, tags = ?, published_at = ?, updated_at = ? WHERE id = ?",
      {r.slug, r.locale, r.title, r.body, r.body_html, r.status, r.audience, r.category_id, r.tags,
       r.published_at, r.updated_at, r.id});
}

void delete_article(Connection& c, std::int64_t id) {
  unindex_article(c, id);
  c.execute("DELETE FROM kb_articles WHERE id = ?", {id});
}

std::vector<ArticleRecord> list_articles(Connection& c, const ArticleFilter& f) {
  Params params;
  std::string sql = std::string("SELECT ") + kArticleColumns + kArticleFrom + " WHERE 1 = 1";
  if (f.status) {
    sql += " AND a.status = ?";
    params.push_back(*f.status);
  }
  if (f.audiences) sql += " AND a.audience" + in_list(*f.audiences, params);
  if (f.category_ids) sql += " AND a.category_id" + in_list(*f.category_ids, params);
  for (const std::string& word : f.title_words) {
    sql += c.dialect() == Dialect::kSqlite ? " AND instr(lower(a.title), lower(?)) > 0"
                                           : " AND strpos(lower(a.title), lower(?)) > 0";
    params.push_back(word);
  }
  if (f.locale && f.fallback_locale && *f.locale != *f.fallback_locale) {
    sql +=
        " AND (a.locale = ? OR (a.locale = ? AND NOT EXISTS (SELECT 1 FROM kb_articles x "
        "WHERE x.slug = a.slug AND x.locale = ? AND x.status = 'published'";
    params.push_back(*f.locale);
    params.push_back(*f.fallback_locale);
    params.push_back(*f.locale);
    if (f.audiences) sql += " AND x.audience" + in_list(*f.audiences, params);
    sql += ")))";
  } else if (f.locale) {
    sql += " AND a.locale = ?";
    params.push_back(*f.locale);
  }
  if (f.needs_work) {
    sql +=
        " AND a.helpful_count + a.not_helpful_count >= ? AND a.helpful_count * 2 < "
        "a.helpful_count + a.not_helpful_count";
    params.push_back(f.min_votes);
  }
  sql += f.needs_work               ? " ORDER BY a.not_helpful_count - a.helpful_count DESC, a.id"
         : f.newest_published_first ? " ORDER BY a.published_at DESC, a.id DESC"
                                    : " ORDER BY a.updated_at DESC, a.id DESC";
  sql += " LIMIT ? OFFSET ?";
  params.push_back(f.limit);
  params.push_back(f.offset);
  std::vector<ArticleRecord> out;
  for (const Row& r : c.query(sql, params).rows) out.push_back(read_article(r));
  return out;
}

std::int64_t add_version(Connection& c, const VersionRecord& v) {
  std::int64_t number =
      c.scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM kb_article_versions WHERE article_id = ?",
               {v.article_id})
          ->as_int();
  c.execute(
      "INSERT INTO kb_article_versions (article_id, version, title, body, published_by, "
      "published_at) VALUES (?, ?, ?, ?, ?, ?)",
      {v.article_id, number, v.title, v.body, v.published_by, v.published_at});
  return number;
}

std::vector<VersionRecord> list_versions(Connection& c, std::int64_t article_id) {
  std::vector<VersionRecord> out;
  for (const Row& r :
       c.query("SELECT v.article_id, v.version, v.title, v.published_by, u.name, v.published_at "
               "FROM kb_article_versions v LEFT JOIN users u ON u.id = v.published_by "
               "WHERE v.article_id = ? ORDER BY v.version DESC",
               {article_id})
           .rows) {
    out.push_back(VersionRecord{r.i64(0), r.i64(1), r.text(2), "", r.opt_i64(3),
                                r.opt_text(4).value_or(""), r.i64(5)});
  }
  return out;
}

std::optional<VersionRecord> find_version(Connection& c, std::int64_t article_id,
                                          std::int64_t version) {
  ResultSet rs = c.query(
      "SELECT v.article_id, v.version, v.title, v.body, v.published_by, u.name, v.published_at "
      "FROM kb_article_versions v LEFT JOIN users u ON u.id = v.published_by "
      "WHERE v.article_id = ? AND v.version = ?",
      {article_id, version});
  if (rs.empty()) return std::nullopt;
  const Row& r = rs.first();
  return VersionRecord{
      r.i64(0), r.i64(1), r.text(2), r.text(3), r.opt_i64(4), r.opt_text(5).value_or(""), r.i64(6)};
}

bool count_view(Connection& c, std::int64_t article_id, const std::string& visitor,
                std::int64_t day) {
  ResultSet inserted = c.query(
      "INSERT INTO kb_article_views (article_id, visitor, day) VALUES (?, ?, ?) "
      "ON CONFLICT (article_id, visitor, day) DO NOTHING RETURNING article_id",
      {article_id, visitor, day});
  if (inserted.empty()) return false;
  c.execute("UPDATE kb_articles SET views = views + 1 WHERE id = ?", {article_id});
  return true;
}

namespace {

constexpr const char* kFeedbackSelect =
    "SELECT f.id, f.article_id, f.visitor, f.user_id, u.name, f.helpful, f.comment, f.created_at, "
    "f.updated_at FROM kb_feedback f LEFT JOIN users u ON u.id = f.user_id";

FeedbackRecord read_feedback(const Row& r) {
  return FeedbackRecord{
      r.i64(0),     r.i64(1),      r.text(2), r.opt_i64(3), r.opt_text(4).value_or(""),
      r.boolean(5), r.opt_text(6), r.i64(7),  r.i64(8)};
}

}  // namespace

std::pair<FeedbackRecord, bool> upsert_feedback(Connection& c, const FeedbackRecord& f) {
  ResultSet inserted = c.query(
      "INSERT INTO kb_feedback (article_id, visitor, user_id, helpful, comment, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, visitor) DO NOTHING "
      "RETURNING id",
      {f.article_id, f.visitor, f.user_id, f.helpful ? 1 : 0, f.comment, f.updated_at,
       f.updated_at});
  bool created = !inserted.empty();
  if (!created) {
    c.execute(
        "UPDATE kb_feedback SET user_id = ?, helpful = ?, comment = ?, updated_at = ? "
        "WHERE article_id = ? AND visitor = ?",
        {f.user_id, f.helpful ? 1 : 0, f.comment, f.updated_at, f.article_id, f.visitor});
  }
  c.execute(
      "UPDATE kb_articles SET "
      "helpful_count = (SELECT COUNT(*) FROM kb_feedback WHERE article_id = ? AND helpful = 1), "
      "not_helpful_count = (SELECT COUNT(*) FROM kb_feedback WHERE article_id = ? AND helpful = 0) "
      "WHERE id = ?",
      {f.article_id, f.article_id, f.article_id});
  ResultSet rs = c.query(std::string(kFeedbackSelect) + " WHERE f.article_id = ? AND f.visitor = ?",
                         {f.article_id, f.visitor});
  return {read_feedback(rs.first()), created};
}

std::vector<FeedbackRecord> feedback_comments(Connection& c, std::int64_t article_id, int limit) {
  std::vector<FeedbackRecord> out;
  for (const Row& r :
       c.query(std::string(kFeedbackSelect) + " WHERE f.article_id = ? AND f.comment IS NOT NULL "
                                              "ORDER BY f.updated_at DESC, f.id DESC LIMIT ?",
               {article_id, limit})
           .rows)
    out.push_back(read_feedback(r));
  return out;
}

void unindex_article(Connection& c, std::int64_t id) {
  if (c.dialect() == Dialect::kSqlite) {
    for (const char* table :
         {"kb_search", "kb_search_cjk", "kb_search_titles", "kb_search_titles_cjk"})
      c.execute(std::string("DELETE FROM ") + table + " WHERE rowid = ?", {id});
    c.execute("DELETE FROM kb_search_scope WHERE article_id = ?", {id});
  } else {
    c.execute("UPDATE kb_articles SET search_vector = NULL, title_vector = NULL WHERE id = ?",
              {id});
  }
}

namespace {

// SQLite's indexes of the published articles (migrations 0022 and 0026):
// titles and bodies, titles alone (so the title pass reads the entries of
// titles only, far fewer than a common word has in bodies), each with a
// trigram twin for ja, ko and zh.
std::string search_table(const SearchQuery& q, bool titles_only) {
  return std::string(titles_only ? "kb_search_titles" : "kb_search") + (q.unspaced ? "_cjk" : "");
}

// Whether words[i] matches as a prefix in SQLite: the last word only, the
// one being typed. A prefix of a finished word would merge the entries of every word
// it begins (FTS5 builds that list in full), where a whole word's entries
// are read lazily and the newest-first cut stops early. Trigrams match
// substrings anyway.
bool typed_prefix(const SearchQuery& q, std::size_t i) {
  return !q.unspaced && i + 1 == q.words.size();
}

// The FTS5 query: the words, each quoted ("word", the last "word"*); they
// hold only letters and digits, so nothing in them is FTS5 syntax.
std::string fts_match(const SearchQuery& q) {
  std::string words;
  for (std::size_t i = 0; i < q.words.size(); ++i) {
    if (!words.empty()) words += q.any_word ? " OR " : " AND ";
    words += '"' + q.words[i] + '"' + (typed_prefix(q, i) ? "*" : "");
  }
  return words;
}

// The PostgreSQL tsquery of the words: each a lexeme, the last (or, without
// spaces, every one) a prefix.
std::string ts_query(const SearchQuery& q) {
  std::string out;
  for (std::size_t i = 0; i < q.words.size(); ++i) {
    if (!out.empty()) out += q.any_word ? " | " : " & ";
    // Without spaces a "word" is a whole run of text: any may begin one.
    bool prefix = q.unspaced || i + 1 == q.words.size();
    out += q.words[i] + (prefix ? ":*" : "");
  }
  return out;
}

struct Ranked {
  std::int64_t id = 0;
  double score = 0;
};

// The best `limit` of the newest q.candidates matches of one pass.
std::vector<Ranked> rank_pass(Connection& c, const SearchQuery& q, bool titles_only,
                              std::int64_t limit) {
  Params params;
  std::string sql;
  if (c.dialect() == Dialect::kSqlite) {
    // Who may find an article comes from kb_search_scope, a narrow copy of
    // its locale and audience: as words inside the full-text index they
    // would be a column filter over every article's entries per search, and
    // kb_articles rows hold the long body before the audience.
    // tf_rank (store/sqlite/fts_rank.h) when every word must match: BM25
    // without the counts of articles per word, which cost most of a search.
    const std::string table = search_table(q, titles_only);
    const std::string weights = titles_only ? "" : ", 10.0, 1.0";
    const std::string score =
        q.any_word ? "-bm25(" + table + weights + ")" : "tf_rank(" + table + weights + ")";
    sql = "SELECT id, score FROM (SELECT " + table + ".rowid AS id, " + score + " AS score FROM " +
          table + " CROSS JOIN kb_search_scope k ON k.article_id = " + table + ".rowid WHERE " +
          table + " MATCH ? AND k.locale = ? AND k.audience";
    params = {fts_match(q), q.locale};
    sql += in_list(q.audiences, params);
    sql += " ORDER BY " + table + ".rowid DESC LIMIT ?) ORDER BY score DESC, id LIMIT ?";
    params.push_back(q.candidates);
    params.push_back(limit);
  } else {
    // The title pass reads title_vector (migration 0030), the body pass the
    // whole article's search_vector, its title lexemes weighted A.
    const std::string vector = titles_only ? "title_vector" : "search_vector";
    sql =
        "WITH q AS (SELECT to_tsquery(CAST(? AS regconfig), ?) AS query), "
        "matches AS (SELECT a.id, a." +
        vector + " AS vector FROM kb_articles a, q WHERE a." + vector +
        " @@ q.query AND a.status = 'published' AND a.locale = ? AND a.audience";
    params = {q.search_config, ts_query(q), q.locale};
    sql += in_list(q.audiences, params);
    sql +=
        " ORDER BY a.id DESC LIMIT ?) "
        // Normalisation 1: divided by 1 + log(length), so a short title
        // naming the words ranks above a long one, as tf_rank and bm25 do.
        "SELECT m.id, ts_rank(m.vector, q.query, 1) AS score FROM matches m, q "
        "ORDER BY score DESC, m.id LIMIT ?";
    params.push_back(q.candidates);
    params.push_back(limit);
  }
  std::vector<Ranked> out;
  for (const Row& r : c.query(sql, params).rows) out.push_back({r.i64(0), r.f64(1)});
  return out;
}

// The hit of a ranked article: its listing columns and the body around the
// matched words. Snippets are costly, so only the hits returned get one.
std::optional<SearchHit> describe(Connection& c, const SearchQuery& q, const Ranked& ranked) {
  SearchHit hit;
  hit.id = ranked.id;
  hit.score = ranked.score;
  ResultSet row = c.query(
      "SELECT slug, locale, title, category_id, audience, body FROM kb_articles WHERE id = ?",
      {hit.id});
  if (row.empty()) return std::nullopt;
  const Row& r = row.first();
  hit.slug = r.text(0);
  hit.locale = r.text(1);
  hit.title = r.text(2);
  hit.category_id = r.opt_i64(3);
  hit.audience = r.text(4);
  if (c.dialect() == Dialect::kSqlite && !q.unspaced) {
    // Cut from the body here: FTS5's snippet() would look the article up
    // in the index again, merging the entries of every word the typed
    // prefix begins (milliseconds per hit at 100k articles).
    hit.snippet = core::kb::snippet(r.text(5), q.words, typed_prefix(q, q.words.size() - 1));
    return hit;
  }
  ResultSet snippet;
  if (c.dialect() == Dialect::kSqlite) {
    const std::string table = search_table(q, false);
    snippet = c.query("SELECT snippet(" + table + ", 1, char(1), char(2), '…', 24) FROM " + table +
                          " WHERE " + table + " MATCH ? AND rowid = ?",
                      {fts_match(q), hit.id});
  } else {
    snippet = c.query(
        "SELECT ts_headline(CAST(search_config AS regconfig), body, "
        "to_tsquery(CAST(? AS regconfig), ?), 'StartSel=' || chr(1) || ', StopSel=' || chr(2) "
        "|| ', MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…') "
        "FROM kb_articles WHERE id = ?",
        {q.search_config, ts_query(q), hit.id});
  }
  if (!snippet.empty()) hit.snippet = snippet.first().opt_text(0).value_or("");
  return hit;
}

}  // namespace

void index_article(Connection& c, const ArticleRecord& r, const std::string& search_config,
                   bool unspaced) {
  unindex_article(c, r.id);
  if (r.status != "published") return;
  if (c.dialect() == Dialect::kSqlite) {
    const std::string twin = unspaced ? "_cjk" : "";
    c.execute("INSERT INTO kb_search" + twin + " (rowid, title, body) VALUES (?, ?, ?)",
              {r.id, r.title, r.body});
    c.execute("INSERT INTO kb_search_titles" + twin + " (rowid, title) VALUES (?, ?)",
              {r.id, r.title});
    c.execute("INSERT INTO kb_search_scope (article_id, locale, audience) VALUES (?, ?, ?)",
              {r.id, r.locale, r.audience});
  } else {
    c.execute(
        "UPDATE kb_articles SET search_config = ?, search_vector = "
        "setweight(to_tsvector(CAST(? AS regconfig), title), 'A') || "
        "setweight(to_tsvector(CAST(? AS regconfig), body), 'B'), "
        "title_vector = to_tsvector(CAST(? AS regconfig), title) WHERE id = ?",
        {search_config, search_config, search_config, search_config, r.id});
  }
}

std::vector<SearchHit> search(Connection& c, const SearchQuery& q) {
  std::vector<SearchHit> out;
  if (q.words.empty() || q.limit < 1) return out;
  std::vector<Ranked> ranked = rank_pass(c, q, true, q.limit);
  if (static_cast<std::int64_t>(ranked.size()) < q.limit) {
    // The body pass finds the title matches again: ask for enough to fill up.
    auto seen = [&](std::int64_t id) {
      return std::any_of(ranked.begin(), ranked.end(), [&](const Ranked& r) { return r.id == id; });
    };
    std::size_t titles = ranked.size();
    for (const Ranked& r : rank_pass(c, q, false, q.limit + static_cast<std::int64_t>(titles))) {
      if (static_cast<std::int64_t>(ranked.size()) >= q.limit) break;
      if (!seen(r.id)) ranked.push_back(r);
    }
  }
  for (const Ranked& r : ranked) {
    if (auto hit = describe(c, q, r)) out.push_back(std::move(*hit));
  }
  return out;
}

std::vector<TitleRecord> published_titles(Connection& c, const std::string& locale,
                                          const std::vector<std::string>& audiences) {
  Params params{locale};
  std::string sql =
      "SELECT id, slug, locale, title, category_id, audience FROM kb_articles "
      "WHERE status = 'published' AND locale = ? AND audience" +
      in_list(audiences, params) + " ORDER BY id";
  std::vector<TitleRecord> out;
  for (const Row& r : c.query(sql, params).rows)
    out.push_back(TitleRecord{r.i64(0), r.text(1), r.text(2), r.text(3), r.opt_i64(4), r.text(5)});
  return out;
}

std::vector<SitemapEntry> sitemap(Connection& c, int limit) {
  std::vector<SitemapEntry> out;
  for (const Row& r : c.query("SELECT slug, locale, updated_at FROM kb_articles "
                              "WHERE status = 'published' AND audience = 'public' "
                              "ORDER BY slug, locale LIMIT ?",
                              {limit})
                          .rows)
    out.push_back(SitemapEntry{r.text(0), r.text(1), r.i64(2)});
  return out;
}

}  // namespace escalated::store::kb
