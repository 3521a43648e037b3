// The knowledge base's JSON: the staff view of an article, the reader's,
// versions, the diff, search hits and votes.
#include "core/time_format.h"
#include "security/html_sanitizer.h"
#include "security/html_text.h"
#include "services/base/stored_json.h"
#include "services/kb/kb_service.h"

namespace escalated::services {

namespace json = boost::json;
namespace kb = store::kb;

namespace {

json::value id_or_null(const std::optional<std::int64_t>& id) {
  return id ? json::value(*id) : json::value();
}

json::value time_or_null(const std::optional<core::Millis>& t) {
  return t ? json::value(core::format_rfc3339(*t)) : json::value();
}

json::array tags_of(const kb::ArticleRecord& a) {
  json::array out;
  for (auto& t : stored_strings(a.tags)) out.emplace_back(t);
  return out;
}

json::value person(const std::optional<std::int64_t>& id, const std::string& name) {
  if (!id) return json::value();
  return json::object{{"id", *id}, {"name", name}};
}

}  // namespace

json::object kb_category_json(const kb::CategoryRecord& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"slug", c.slug},
          {"parent_id", id_or_null(c.parent_id)},
          {"position", c.position},
          {"created_at", core::format_rfc3339(c.created_at)},
          {"updated_at", core::format_rfc3339(c.updated_at)}};
}

json::object kb_admin_article_json(const kb::ArticleRecord& a,
                                   const std::vector<kb::FeedbackRecord>* comments) {
  json::object feedback{{"helpful", a.helpful},
                        {"not_helpful", a.not_helpful},
                        {"needs_work", core::kb::needs_work(a.helpful, a.not_helpful)}};
  if (comments) {
    json::array list;
    for (const auto& f : *comments) list.push_back(kb_feedback_json(f));
    feedback["comments"] = std::move(list);
  }
  return {{"id", a.id},
          {"slug", a.slug},
          {"locale", a.locale},
          {"title", a.title},
          {"body", a.body},
          {"body_html", a.body_html},
          {"status", a.status},
          {"audience", a.audience},
          {"category_id", id_or_null(a.category_id)},
          {"author", person(a.author_id, a.author_name)},
          {"tags", tags_of(a)},
          {"views", a.views},
          {"version", id_or_null(a.version)},
          {"feedback", std::move(feedback)},
          {"published_at", time_or_null(a.published_at)},
          {"created_at", core::format_rfc3339(a.created_at)},
          {"updated_at", core::format_rfc3339(a.updated_at)}};
}

json::object kb_article_json(const kb::ArticleRecord& a, bool with_body) {
  json::object o{{"id", a.id},
                 {"slug", a.slug},
                 {"locale", a.locale},
                 {"title", a.title},
                 {"audience", a.audience},
                 {"category_id", id_or_null(a.category_id)},
                 {"tags", tags_of(a)},
                 {"published_at", time_or_null(a.published_at)},
                 {"updated_at", core::format_rfc3339(a.updated_at)}};
  if (with_body)
    o["body_html"] = a.body_html;
  else
    o["excerpt"] = kb_excerpt(a.body_html, 200);
  return o;
}

json::object kb_version_json(const kb::VersionRecord& v, bool with_body) {
  json::object o{{"article_id", v.article_id},
                 {"version", v.version},
                 {"title", v.title},
                 {"published_by", person(v.published_by, v.published_by_name)},
                 {"published_at", core::format_rfc3339(v.published_at)}};
  if (with_body) o["body"] = v.body;
  return o;
}

json::object kb_diff_json(const KbDiff& d) {
  json::array lines;
  for (const auto& l : d.lines)
    lines.push_back(json::object{{"op", core::kb::to_string(l.op)}, {"text", l.text}});
  return {{"from", kb_version_json(d.from, false)},
          {"to", kb_version_json(d.to, false)},
          {"title_changed", d.from.title != d.to.title},
          {"lines", std::move(lines)}};
}

json::object kb_search_json(const KbSearchResult& r) {
  json::array data;
  for (const auto& h : r.hits) {
    data.push_back(json::object{{"id", h.id},
                                {"slug", h.slug},
                                {"locale", h.locale},
                                {"title", h.title},
                                {"category_id", id_or_null(h.category_id)},
                                {"snippet", kb_snippet_html(h.snippet)}});
  }
  return {{"data", std::move(data)}, {"fuzzy", r.fuzzy}};
}

json::object kb_feedback_json(const kb::FeedbackRecord& f) {
  return {{"article_id", f.article_id},
          {"helpful", f.helpful},
          {"comment", f.comment ? json::value(*f.comment) : json::value()},
          {"user", person(f.user_id, f.user_name)},
          {"created_at", core::format_rfc3339(f.created_at)},
          {"updated_at", core::format_rfc3339(f.updated_at)}};
}

std::string kb_excerpt(const std::string& html, std::size_t max_chars) {
  std::string text = security::html_to_text(html);
  std::string out;
  std::size_t chars = 0;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && chars + (space ? 1 : 0) >= max_chars) {
      out += "…";
      return out;
    }
    if (space) {
      out += ' ';
      ++chars;
      space = false;
    }
    out += c;
    if (lead) ++chars;
  }
  return out;
}

std::string kb_snippet_html(const std::string& marked) {
  std::string out;
  std::string plain;
  bool open = false;
  auto flush = [&] {
    out += security::html_escape(plain);
    plain.clear();
  };
  for (char c : marked) {
    if (c == '\x01' && !open) {
      flush();
      out += "<mark>";
      open = true;
    } else if (c == '\x02' && open) {
      flush();
      out += "</mark>";
      open = false;
    } else if (c != '\x01' && c != '\x02') {
      plain += c;
    }
  }
  flush();
  if (open) out += "</mark>";
  return out;
}

}  // namespace escalated::services
