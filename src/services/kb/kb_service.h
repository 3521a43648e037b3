// The knowledge base (issue 19): staff write categories and articles
// (kb.create, kb.edit, kb.delete; kb.publish to take an article live, off
// or to change it while live), every published text is kept as a numbered
// version, and readers - anonymous visitors, signed-in customers, staff -
// read, search and rate the published articles their audience allows.
// Readers are `const core::Actor*` (null: nobody signed in) and a visitor
// key ("u<user id>", or "v<cookie>") that counts views and votes.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/kb.h"
#include "services/base/context.h"
#include "store/kb_repo.h"

namespace escalated::services {

struct KbCategoryInput {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<std::optional<std::int64_t>> parent_id;  // inner nullopt: top level
  std::optional<std::int64_t> position;
};

struct KbArticleInput {
  std::optional<std::string> title;
  std::optional<std::string> slug;
  std::optional<std::string> body;
  std::optional<std::string> status;
  std::optional<std::string> audience;
  std::optional<std::string> locale;
  std::optional<std::optional<std::int64_t>> category_id;
  std::optional<std::vector<std::string>> tags;
};

inline constexpr std::int64_t kKbPageSize = 20;
inline constexpr int kKbFeedbackComments = 50;
inline constexpr std::int64_t kKbDefaultSearchLimit = 10;
inline constexpr std::int64_t kKbMaxSearchLimit = 50;
inline constexpr int kKbSitemapLimit = 50'000;

// The staff list's filters, each checked here (422 naming it).
struct KbAdminQuery {
  std::optional<std::string> q;         // words, each contained in the title
  std::optional<std::string> status;    // draft | published
  std::optional<std::string> audience;  // public | customers | staff
  std::optional<std::int64_t> category_id;
  std::optional<std::string> locale;
  bool needs_work = false;
  std::int64_t page = 1;
};
inline constexpr std::size_t kKbMaxTitleFilterChars = 200;
inline constexpr std::size_t kKbMaxTitleFilterWords = 8;

struct KbReaderQuery {
  std::optional<std::string> category;  // a slug or an id
  std::optional<std::string> locale;
  std::int64_t page = 1;
  // The staff list's narrowing, for a reader calling it: words in the title,
  // and one audience (of those the reader may read; another gives nothing).
  std::vector<std::string> title_words;
  std::optional<std::string> audience;
};

struct KbArticlePage {
  std::vector<store::kb::ArticleRecord> items;
  std::int64_t page = 1;
  bool has_more = false;
};

struct KbArticleDetail {
  store::kb::ArticleRecord article;
  std::vector<store::kb::FeedbackRecord> comments;
};

struct KbSearchInput {
  std::string q;
  std::optional<std::string> locale;
  std::int64_t limit = kKbDefaultSearchLimit;
  // Articles with any of the words rather than all: suggestions under a
  // ticket's subject, whose sentence rarely has every word in one article.
  bool any_word = false;
};

struct KbSearchResult {
  std::vector<store::kb::SearchHit> hits;
  bool fuzzy = false;  // no word matched; these are titles near the words
};

struct KbDiff {
  store::kb::VersionRecord from, to;
  std::vector<core::kb::DiffLine> lines;
};

struct KbFeedbackInput {
  std::optional<bool> helpful;
  std::optional<std::string> comment;
};

class KbService {
 public:
  explicit KbService(ServiceContext& ctx) : ctx_(ctx) {}

  // Categories: anyone reads; kb.create, kb.edit, kb.delete change.
  std::vector<store::kb::CategoryRecord> categories();
  store::kb::CategoryRecord category(std::int64_t id);
  store::kb::CategoryRecord create_category(const core::Actor& actor, const KbCategoryInput& in);
  store::kb::CategoryRecord update_category(const core::Actor& actor, std::int64_t id,
                                            const KbCategoryInput& in);
  // 409 while it has subcategories; its articles lose their category.
  void delete_category(const core::Actor& actor, std::int64_t id);

  // The staff side (kb.view staff, or a kb writer): every article. A caller
  // holding kb.view who is not staff (customers) gets what a reader gets.
  KbArticlePage admin_articles(const core::Actor& actor, const KbAdminQuery& q);
  KbArticleDetail admin_article(const core::Actor& actor, std::int64_t id);
  store::kb::ArticleRecord create_article(const core::Actor& actor, const KbArticleInput& in);
  store::kb::ArticleRecord update_article(const core::Actor& actor, std::int64_t id,
                                          const KbArticleInput& in);
  void delete_article(const core::Actor& actor, std::int64_t id);
  std::vector<store::kb::VersionRecord> versions(const core::Actor& actor, std::int64_t id);
  store::kb::VersionRecord version(const core::Actor& actor, std::int64_t id, std::int64_t number);
  KbDiff diff(const core::Actor& actor, std::int64_t id, std::int64_t from, std::int64_t to);

  // Readers: published articles their audience allows; anything else is 404.
  KbArticlePage articles(const core::Actor* reader, const KbReaderQuery& q);
  // Counts the view once per visitor and UTC day.
  store::kb::ArticleRecord read(const core::Actor* reader, const std::string& slug,
                                const std::optional<std::string>& locale,
                                const std::string& visitor);
  KbSearchResult search(const core::Actor* reader, const KbSearchInput& in);
  // 201 (first vote) or 200 (replaced): the visitor's vote.
  std::pair<store::kb::FeedbackRecord, bool> feedback(const core::Actor* reader,
                                                      std::int64_t article_id,
                                                      const std::string& visitor,
                                                      const KbFeedbackInput& in);
  std::vector<store::kb::SitemapEntry> sitemap();

 private:
  ServiceContext& ctx_;
};

// JSON (kb_json.cpp).
boost::json::object kb_category_json(const store::kb::CategoryRecord& c);
// The staff view: body, status, audience, author, counters, feedback totals
// (and the comments, when given).
boost::json::object kb_admin_article_json(const store::kb::ArticleRecord& a,
                                          const std::vector<store::kb::FeedbackRecord>* comments);
// The reader's view: no body source, no counters. `with_body`: body_html
// (the article page) or an excerpt (lists).
boost::json::object kb_article_json(const store::kb::ArticleRecord& a, bool with_body);
boost::json::object kb_version_json(const store::kb::VersionRecord& v, bool with_body);
boost::json::object kb_diff_json(const KbDiff& d);
boost::json::object kb_search_json(const KbSearchResult& r);
boost::json::object kb_feedback_json(const store::kb::FeedbackRecord& f);
// A plain-text excerpt of rendered HTML, at most `max_chars` code points.
std::string kb_excerpt(const std::string& html, std::size_t max_chars);
// A search snippet as HTML: escaped, the matches in <mark>.
std::string kb_snippet_html(const std::string& marked);

}  // namespace escalated::services
