#include "services/kb/kb_service.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/errors.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "security/markdown.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;
namespace kb = store::kb;
using core::kb::Audience;
using core::kb::Status;

namespace {

std::vector<std::string> audience_names(const core::Actor* reader) {
  std::vector<std::string> out;
  for (Audience a : core::kb::readable_audiences(reader)) out.emplace_back(core::kb::to_string(a));
  return out;
}

// Characters, not bytes: UTF-8 lead bytes.
std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::optional<std::string> text_error(const std::string& text, std::size_t max_chars) {
  if (text.empty()) return "must not be empty";
  if (char_count(text) > max_chars)
    return "must be at most " + std::to_string(max_chars) + " characters";
  if (core::has_control_characters(text)) return "must not contain control characters";
  return std::nullopt;
}

std::string locale_or_default(core::FieldErrorCollector& errors, const char* field,
                              const std::optional<std::string>& given) {
  if (!given) return std::string(core::kb::kDefaultLocale);
  auto locale = core::kb::normalize_locale(*given);
  if (!locale) {
    errors.add(field, "must be a language code such as en, de or pt-br");
    return std::string(core::kb::kDefaultLocale);
  }
  return *locale;
}

// A text member: trimmed and checked into `out`; required when creating.
void read_text(core::FieldErrorCollector& errors, const char* field,
               const std::optional<std::string>& given, std::size_t max_chars, bool creating,
               std::string& out) {
  if (given) {
    out = core::trim(*given);
    if (auto e = text_error(out, max_chars)) errors.add(field, *e);
  } else if (creating) {
    errors.add(field, "is required");
  }
}

// The slug given, or (when creating) one made from `source`, the member
// named `source_field`.
void read_slug(core::FieldErrorCollector& errors, const std::optional<std::string>& given,
               bool creating, const std::string& source, const std::string& source_field,
               std::string& out) {
  if (given) {
    out = core::trim(*given);
    if (auto e = core::kb::slug_error(out)) errors.add("slug", *e);
  } else if (creating && !source.empty()) {
    out = core::kb::slugify(source);
    if (out.empty())
      errors.add("slug",
                 "is required when the " + source_field + " has no Latin letters or digits");
  }
}

// One page of a listing: `f.limit` one more than a page, to know whether more follow.
KbArticlePage page_of(store::Connection& c, kb::ArticleFilter f, std::int64_t page) {
  f.offset = (page - 1) * kKbPageSize;
  f.limit = kKbPageSize + 1;
  KbArticlePage out;
  out.page = page;
  out.items = kb::list_articles(c, f);
  out.has_more = static_cast<std::int64_t>(out.items.size()) > kKbPageSize;
  if (out.has_more) out.items.pop_back();
  return out;
}

void require_staff_side(const core::Actor& actor) {
  if (!core::kb::sees_staff_side(actor)) throw core::NotFound("No such article.");
}

json::object category_values(const kb::CategoryRecord& c) {
  return kb_category_json(c);
}

json::object article_values(const kb::ArticleRecord& a) {
  return {{"slug", a.slug},
          {"locale", a.locale},
          {"title", a.title},
          {"status", a.status},
          {"audience", a.audience},
          {"category_id", a.category_id ? json::value(*a.category_id) : json::value()}};
}

}  // namespace

std::vector<kb::CategoryRecord> KbService::categories() {
  return ctx_.db.read([](store::Connection& c) { return kb::list_categories(c); });
}

kb::CategoryRecord KbService::category(std::int64_t id) {
  return ctx_.db.read([&](store::Connection& c) {
    return core::found_or_404(kb::find_category(c, id), "category");
  });
}

namespace {

// Applies the input to `r` (a new or an existing category), every problem named.
void apply_category(store::Connection& c, kb::CategoryRecord& r, const KbCategoryInput& in,
                    bool creating) {
  core::FieldErrorCollector errors;
  read_text(errors, "name", in.name, core::kb::kMaxCategoryNameChars, creating, r.name);
  read_slug(errors, in.slug, creating, r.name, "name", r.slug);
  if (!r.slug.empty() && !errors.errors().count("slug")) {
    auto other = kb::find_category_by_slug(c, r.slug);
    if (other && other->id != r.id) errors.add("slug", "is already used by another category");
  }
  if (in.parent_id) {
    r.parent_id = *in.parent_id;
    if (r.parent_id) {
      auto parents = kb::category_parents(c);
      if (!parents.count(*r.parent_id))
        errors.add("parent_id", "is not a category");
      else if (core::kb::parent_makes_cycle(r.id, *r.parent_id, parents))
        errors.add("parent_id", "would put the category inside itself or nest it deeper than " +
                                    std::to_string(core::kb::kMaxCategoryDepth) + " levels");
    }
  }
  if (in.position) {
    if (*in.position < 0 || *in.position > 1'000'000)
      errors.add("position", "must be a whole number from 0 to 1000000");
    else
      r.position = *in.position;
  }
  errors.raise_if_any();
}

}  // namespace

kb::CategoryRecord KbService::create_category(const core::Actor& actor, const KbCategoryInput& in) {
  core::require(actor, core::Permission::kKbCreate);
  return ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::CategoryRecord r;
    apply_category(c, r, in, true);
    r.created_at = r.updated_at = journal.now();
    r.id = kb::insert_category(c, r);
    journal.audit("kb_category", r.id, "created", json::value(), category_values(r));
    return r;
  });
}

kb::CategoryRecord KbService::update_category(const core::Actor& actor, std::int64_t id,
                                              const KbCategoryInput& in) {
  core::require(actor, core::Permission::kKbEdit);
  return ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::CategoryRecord before = core::found_or_404(kb::find_category(c, id), "category");
    kb::CategoryRecord r = before;
    apply_category(c, r, in, false);
    r.updated_at = journal.now();
    kb::update_category(c, r);
    journal.audit("kb_category", id, "updated", category_values(before), category_values(r));
    return r;
  });
}

void KbService::delete_category(const core::Actor& actor, std::int64_t id) {
  core::require(actor, core::Permission::kKbDelete);
  ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::CategoryRecord before = core::found_or_404(kb::find_category(c, id), "category");
    if (kb::has_children(c, id))
      throw core::Conflict("The category has subcategories; move or delete them first.");
    c.execute("UPDATE kb_articles SET category_id = NULL WHERE category_id = ?", {id});
    kb::delete_category(c, id);
    journal.audit("kb_category", id, "deleted", category_values(before), json::value());
  });
}

namespace {

// The staff list's `q`: its blank-separated words, each of which the title
// must contain (case aside); none when it is blank.
std::vector<std::string> title_filter_words(core::FieldErrorCollector& errors,
                                            const std::optional<std::string>& q) {
  std::vector<std::string> words;
  if (!q) return words;
  if (char_count(*q) > kKbMaxTitleFilterChars) {
    errors.add("q", "must be at most " + std::to_string(kKbMaxTitleFilterChars) + " characters");
    return words;
  }
  if (core::has_control_characters(*q)) {
    errors.add("q", "must not contain control characters");
    return words;
  }
  std::string word;
  for (char ch : *q + ' ') {
    if (ch != ' ' && ch != '\t') {
      word += ch;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (words.size() > kKbMaxTitleFilterWords)
    errors.add("q", "must have at most " + std::to_string(kKbMaxTitleFilterWords) + " words");
  return words;
}

}  // namespace

KbArticlePage KbService::admin_articles(const core::Actor& actor, const KbAdminQuery& q) {
  core::FieldErrorCollector errors;
  kb::ArticleFilter f;
  f.title_words = title_filter_words(errors, q.q);
  if (q.status) {
    if (core::kb::parse_status(*q.status))
      f.status = *q.status;
    else
      errors.add("status", "must be draft or published");
  }
  if (q.audience && !core::kb::parse_audience(*q.audience))
    errors.add("audience", "must be public, customers or staff");
  if (q.locale) f.locale = locale_or_default(errors, "locale", q.locale);
  errors.raise_if_any();
  if (!core::kb::sees_staff_side(actor)) {
    // A reader's list holds published articles only.
    if (f.status && *f.status != "published") return KbArticlePage{{}, q.page, false};
    KbReaderQuery reader;
    if (q.category_id) reader.category = std::to_string(*q.category_id);
    reader.locale = q.locale;
    reader.page = q.page;
    reader.title_words = std::move(f.title_words);
    reader.audience = q.audience;
    return articles(&actor, reader);
  }
  if (q.audience) f.audiences = std::vector<std::string>{*q.audience};
  f.needs_work = q.needs_work;
  f.min_votes = core::kb::kNeedsWorkMinVotes;
  if (q.category_id) f.category_ids = std::vector<std::int64_t>{*q.category_id};
  return ctx_.db.read([&](store::Connection& c) { return page_of(c, f, q.page); });
}

KbArticleDetail KbService::admin_article(const core::Actor& actor, std::int64_t id) {
  return ctx_.db.read([&](store::Connection& c) {
    KbArticleDetail d;
    d.article = core::found_or_404(kb::find_article(c, id), "article");
    if (!core::kb::sees_staff_side(actor)) {
      auto audience = core::kb::parse_audience(d.article.audience);
      if (d.article.status != "published" || !audience || !core::kb::may_read(&actor, *audience))
        throw core::NotFound("No such article.");
      return d;
    }
    d.comments = kb::feedback_comments(c, id, kKbFeedbackComments);
    return d;
  });
}

namespace {

// Applies the input to `r`, every problem named (422).
void apply_article(store::Connection& c, kb::ArticleRecord& r, const KbArticleInput& in,
                   bool creating) {
  core::FieldErrorCollector errors;
  read_text(errors, "title", in.title, core::kb::kMaxTitleChars, creating, r.title);
  if (in.body) {
    r.body = *in.body;
    if (core::trim(r.body).empty())
      errors.add("body", "must not be empty");
    else if (r.body.size() > core::kb::kMaxBodyBytes)
      errors.add("body", "must be at most " + std::to_string(core::kb::kMaxBodyBytes) + " bytes");
  } else if (creating) {
    errors.add("body", "is required");
  }
  read_slug(errors, in.slug, creating, r.title, "title", r.slug);
  if (in.status) {
    if (core::kb::parse_status(*in.status))
      r.status = *in.status;
    else
      errors.add("status", "must be draft or published");
  }
  if (in.audience) {
    if (core::kb::parse_audience(*in.audience))
      r.audience = *in.audience;
    else
      errors.add("audience", "must be public, customers or staff");
  }
  if (in.locale) r.locale = locale_or_default(errors, "locale", in.locale);
  if (in.category_id) {
    r.category_id = *in.category_id;
    if (r.category_id && !kb::find_category(c, *r.category_id))
      errors.add("category_id", "is not a category");
  }
  if (in.tags) {
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < in.tags->size(); ++i) {
      std::string tag = core::trim((*in.tags)[i]);
      if (auto e = core::tag_name_problem(tag))
        errors.add("tags[" + std::to_string(i) + "]", *e);
      else if (std::find(tags.begin(), tags.end(), tag) == tags.end())
        tags.push_back(tag);
    }
    if (in.tags->size() > core::kb::kMaxTags)
      errors.add("tags", "must hold at most " + std::to_string(core::kb::kMaxTags) + " tags");
    json::array a;
    for (auto& t : tags) a.emplace_back(t);
    r.tags = json::serialize(a);
  }
  if (!r.slug.empty() && !errors.errors().count("slug") && !errors.errors().count("locale")) {
    store::ResultSet other =
        c.query("SELECT id FROM kb_articles WHERE slug = ? AND locale = ?", {r.slug, r.locale});
    if (!other.empty() && other.first().i64(0) != r.id)
      errors.add("slug", "is already used by another article in this locale");
  }
  errors.raise_if_any();
}

}  // namespace

kb::ArticleRecord KbService::create_article(const core::Actor& actor, const KbArticleInput& in) {
  core::require(actor, core::Permission::kKbCreate);
  return ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::ArticleRecord r;
    r.status = "draft";
    r.audience = "public";
    r.locale = std::string(core::kb::kDefaultLocale);
    apply_article(c, r, in, true);
    Status after = *core::kb::parse_status(r.status);
    if (core::kb::needs_publish(Status::kDraft, after, true))
      core::require(actor, core::Permission::kKbPublish);
    r.body_html = security::render_markdown(r.body);
    r.author_id = actor.user_id;
    r.created_at = r.updated_at = journal.now();
    if (after == Status::kPublished) r.published_at = journal.now();
    r.id = kb::insert_article(c, r);
    if (after == Status::kPublished)
      kb::add_version(c, {r.id, 0, r.title, r.body, actor.user_id, "", journal.now()});
    kb::index_article(c, r, std::string(core::kb::search_config(r.locale)),
                      core::kb::unspaced_script(r.locale));
    journal.audit("kb_article", r.id, "created", json::value(), article_values(r));
    return core::found_or_404(kb::find_article(c, r.id), "article");
  });
}

kb::ArticleRecord KbService::update_article(const core::Actor& actor, std::int64_t id,
                                            const KbArticleInput& in) {
  core::require(actor, core::Permission::kKbEdit);
  return ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::ArticleRecord before = core::found_or_404(kb::find_article(c, id), "article");
    kb::ArticleRecord r = before;
    apply_article(c, r, in, false);
    bool text_changed = r.title != before.title || r.body != before.body;
    Status was = *core::kb::parse_status(before.status), now = *core::kb::parse_status(r.status);
    if (core::kb::needs_publish(was, now, text_changed))
      core::require(actor, core::Permission::kKbPublish);
    if (r.body != before.body) r.body_html = security::render_markdown(r.body);
    r.updated_at = journal.now();
    bool new_version = core::kb::publishes_version(now, false, was, text_changed);
    if (new_version) r.published_at = journal.now();
    if (now == Status::kDraft) r.published_at.reset();
    kb::update_article(c, r);
    if (new_version)
      kb::add_version(c, {r.id, 0, r.title, r.body, actor.user_id, "", journal.now()});
    kb::index_article(c, r, std::string(core::kb::search_config(r.locale)),
                      core::kb::unspaced_script(r.locale));
    journal.audit("kb_article", id, new_version ? "published" : "updated", article_values(before),
                  article_values(r));
    return core::found_or_404(kb::find_article(c, id), "article");
  });
}

void KbService::delete_article(const core::Actor& actor, std::int64_t id) {
  core::require(actor, core::Permission::kKbDelete);
  ctx_.db.write([&](store::Connection& c) {
    Journal journal(c, &actor, ctx_.clock.now());
    kb::ArticleRecord before = core::found_or_404(kb::find_article(c, id), "article");
    kb::delete_article(c, id);
    journal.audit("kb_article", id, "deleted", article_values(before), json::value());
  });
}

std::vector<kb::VersionRecord> KbService::versions(const core::Actor& actor, std::int64_t id) {
  require_staff_side(actor);
  return ctx_.db.read([&](store::Connection& c) {
    core::found_or_404(kb::find_article(c, id), "article");
    return kb::list_versions(c, id);
  });
}

kb::VersionRecord KbService::version(const core::Actor& actor, std::int64_t id,
                                     std::int64_t number) {
  require_staff_side(actor);
  return ctx_.db.read([&](store::Connection& c) {
    return core::found_or_404(kb::find_version(c, id, number), "version");
  });
}

KbDiff KbService::diff(const core::Actor& actor, std::int64_t id, std::int64_t from,
                       std::int64_t to) {
  require_staff_side(actor);
  return ctx_.db.read([&](store::Connection& c) {
    KbDiff d;
    d.from = core::found_or_404(kb::find_version(c, id, from), "version");
    d.to = core::found_or_404(kb::find_version(c, id, to), "version");
    d.lines = core::kb::line_diff(d.from.body, d.to.body);
    return d;
  });
}

KbArticlePage KbService::articles(const core::Actor* reader, const KbReaderQuery& q) {
  core::FieldErrorCollector errors;
  kb::ArticleFilter f;
  f.status = "published";
  f.audiences = audience_names(reader);
  if (q.audience) {
    bool readable =
        std::find(f.audiences->begin(), f.audiences->end(), *q.audience) != f.audiences->end();
    f.audiences = readable ? std::vector<std::string>{*q.audience} : std::vector<std::string>{};
  }
  f.title_words = q.title_words;
  f.locale = locale_or_default(errors, "locale", q.locale);
  f.fallback_locale = std::string(core::kb::kDefaultLocale);
  f.newest_published_first = true;
  errors.raise_if_any();
  return ctx_.db.read([&](store::Connection& c) {
    if (q.category) {
      std::optional<kb::CategoryRecord> category;
      if (auto id = core::positive_int(*q.category))
        category = kb::find_category(c, *id);
      else
        category = kb::find_category_by_slug(c, *q.category);
      if (!category) throw core::NotFound("No such category.");
      f.category_ids = core::kb::subtree(category->id, kb::category_parents(c));
    }
    return page_of(c, f, q.page);
  });
}

kb::ArticleRecord KbService::read(const core::Actor* reader, const std::string& slug,
                                  const std::optional<std::string>& locale,
                                  const std::string& visitor) {
  core::FieldErrorCollector errors;
  std::string wanted = locale_or_default(errors, "locale", locale);
  errors.raise_if_any();
  std::vector<std::string> audiences = audience_names(reader);
  return ctx_.db.write([&](store::Connection& c) {
    auto found = kb::find_published(c, slug, wanted, audiences);
    if (!found && wanted != core::kb::kDefaultLocale)
      found = kb::find_published(c, slug, std::string(core::kb::kDefaultLocale), audiences);
    // A draft, another audience's article and no article look the same.
    kb::ArticleRecord a = core::found_or_404(std::move(found), "article");
    if (kb::count_view(c, a.id, visitor, core::kb::utc_day(ctx_.clock.now()))) ++a.views;
    return a;
  });
}

KbSearchResult KbService::search(const core::Actor* reader, const KbSearchInput& in) {
  core::FieldErrorCollector errors;
  if (in.q.size() > core::kb::kMaxSearchQueryBytes)
    errors.add("q", "must be at most " + std::to_string(core::kb::kMaxSearchQueryBytes) + " bytes");
  kb::SearchQuery q;
  q.locale = locale_or_default(errors, "locale", in.locale);
  errors.raise_if_any();
  q.words = core::kb::search_words(in.q);
  q.audiences = audience_names(reader);
  q.search_config = std::string(core::kb::search_config(q.locale));
  q.unspaced = core::kb::unspaced_script(q.locale);
  q.limit = std::clamp<std::int64_t>(in.limit, 1, kKbMaxSearchLimit);
  q.any_word = in.any_word;
  if (q.any_word) q.words = core::kb::any_word_terms(std::move(q.words));
  q.candidates = core::kb::kSearchCandidates;
  KbSearchResult result;
  if (q.words.empty()) return result;
  return ctx_.db.read([&](store::Connection& c) {
    result.hits = kb::search(c, q);
    if (!result.hits.empty() || q.unspaced) return result;
    // Nothing matched: titles within a typo or two of the words.
    std::vector<std::pair<int, kb::TitleRecord>> near;
    for (auto& t : kb::published_titles(c, q.locale, q.audiences)) {
      if (auto d = core::kb::typo_distance(q.words, t.title)) near.emplace_back(*d, std::move(t));
    }
    std::stable_sort(near.begin(), near.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& [distance, t] : near) {
      if (static_cast<std::int64_t>(result.hits.size()) >= q.limit) break;
      result.hits.push_back(kb::SearchHit{t.id, t.slug, t.locale, t.title, t.category_id,
                                          t.audience, "", -static_cast<double>(distance)});
    }
    result.fuzzy = !result.hits.empty();
    return result;
  });
}

std::pair<kb::FeedbackRecord, bool> KbService::feedback(const core::Actor* reader,
                                                        std::int64_t article_id,
                                                        const std::string& visitor,
                                                        const KbFeedbackInput& in) {
  core::FieldErrorCollector errors;
  if (!in.helpful) errors.add("helpful", "is required");
  std::optional<std::string> comment;
  if (in.comment) {
    std::string text = core::trim(*in.comment);
    if (!text.empty()) comment = text;
    if (comment && char_count(*comment) > core::kb::kMaxFeedbackCommentChars)
      errors.add("comment", "must be at most " +
                                std::to_string(core::kb::kMaxFeedbackCommentChars) + " characters");
  }
  errors.raise_if_any();
  return ctx_.db.write([&](store::Connection& c) {
    auto article = kb::find_article(c, article_id);
    auto audience = article ? core::kb::parse_audience(article->audience) : std::nullopt;
    if (!article || article->status != "published" || !audience ||
        !core::kb::may_read(reader, *audience))
      throw core::NotFound("No such article.");
    kb::FeedbackRecord f;
    f.article_id = article_id;
    f.visitor = visitor;
    if (reader) f.user_id = reader->user_id;
    f.helpful = *in.helpful;
    f.comment = comment;
    f.updated_at = ctx_.clock.now();
    return kb::upsert_feedback(c, f);
  });
}

std::vector<kb::SitemapEntry> KbService::sitemap() {
  return ctx_.db.read([](store::Connection& c) { return kb::sitemap(c, kKbSitemapLimit); });
}

}  // namespace escalated::services
