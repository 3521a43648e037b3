// The knowledge base: staff write it under /admin/kb, readers read it under
// /kb (JSON, or server-rendered HTML for browsers and search engines that
// ask for text/html) and search and rate it under /widget/kb.
#include "api/kb_routes.h"

#include <cstring>

#include "core/time_format.h"
#include "http/request_context.h"
#include "security/html_sanitizer.h"
#include "security/tokens.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

constexpr std::string_view kVisitorCookie = "escalated_visitor";

bool asks_for_html(const Request& req) {
  auto accept = req.header("Accept");
  if (!accept) return false;
  auto html = accept->find("text/html");
  if (html == std::string_view::npos) return false;
  auto json_at = accept->find("application/json");
  return json_at == std::string_view::npos || html < json_at;
}

const core::Actor* reader_of(const RequestContext& ctx) {
  return ctx.signed_in() ? &ctx.actor() : nullptr;
}

bool good_visitor_cookie(const std::string& v) {
  if (v.size() < 16 || v.size() > 64) return false;
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

// Who is reading, for views and votes: the signed-in user, else the
// visitor cookie (made when missing; `set_cookie` then holds its header).
std::string visitor_of(const RequestContext& ctx, const Options& options,
                       std::optional<std::string>& set_cookie) {
  if (ctx.signed_in()) return "u" + std::to_string(ctx.actor().user_id);
  auto cookie = http::cookie_value(ctx.request(), kVisitorCookie);
  if (cookie && good_visitor_cookie(*cookie)) return "v" + *cookie;
  std::string fresh = security::random_token(18);
  std::string header = std::string(kVisitorCookie) + "=" + fresh + "; Path=/" +
                       options.route_prefix + "; HttpOnly; SameSite=Lax; Max-Age=31536000";
  if (options.secure_cookies.value_or(ctx.request().tls)) header += "; Secure";
  set_cookie = header;
  return "v" + fresh;
}

std::string base_url(const Options& options) {
  std::string base =
      options.mail.public_url.empty() ? "http://" + options.listen : options.mail.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string mount_of(const Options& options) {
  return options.route_prefix.empty() ? "" : "/" + options.route_prefix;
}

std::string esc(std::string_view s) {
  return security::html_escape(s);
}

// Query values in our URLs are slugs and locales (a-z, 0-9, "-"): no escaping needed.
std::string article_path(const Options& options, const std::string& slug,
                         const std::string& locale) {
  std::string path = mount_of(options) + "/kb/articles/" + slug;
  if (locale != core::kb::kDefaultLocale) path += "?locale=" + locale;
  return path;
}

Response html_page(const Options& options, const std::string& locale, const std::string& title,
                   const std::string& description, const std::string& canonical_path,
                   const std::string& main) {
  std::string page = "<!doctype html>\n<html lang=\"" + esc(locale) +
                     "\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>" +
                     esc(title) + "</title><meta name=\"description\" content=\"" +
                     esc(description) + "\"><link rel=\"canonical\" href=\"" +
                     esc(base_url(options) + canonical_path) +
                     "\"></head><body><header><nav aria-label=\"Help center\"><a href=\"" +
                     esc(mount_of(options) + "/kb/articles") +
                     "\">Help center</a></nav></header><main>" + main + "</main></body></html>\n";
  Response r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(page);
  return r;
}

std::string article_list_html(const Options& options, const services::KbArticlePage& page) {
  std::string out = "<ul>";
  for (const auto& a : page.items) {
    out += "<li><a href=\"" + esc(article_path(options, a.slug, a.locale)) + "\">" + esc(a.title) +
           "</a><p>" + esc(services::kb_excerpt(a.body_html, 200)) + "</p></li>";
  }
  return out + "</ul>";
}

json::object page_json(const services::KbArticlePage& page) {
  json::array data;
  for (const auto& a : page.items) data.push_back(services::kb_article_json(a, false));
  return {{"data", std::move(data)}, {"page", page.page}, {"has_more", page.has_more}};
}

json::object admin_page_json(const services::KbArticlePage& page, bool staff) {
  json::array data;
  for (const auto& a : page.items)
    data.push_back(staff ? services::kb_admin_article_json(a, nullptr)
                         : services::kb_article_json(a, false));
  return {{"data", std::move(data)}, {"page", page.page}, {"has_more", page.has_more}};
}

services::KbCategoryInput category_fields(RequestContext& ctx) {
  services::KbCategoryInput in;
  in.name = ctx.fields().string("name");
  in.slug = ctx.fields().string("slug");
  in.parent_id = ctx.fields().nullable_id("parent_id");
  in.position = ctx.fields().integer("position");
  ctx.check();
  return in;
}

services::KbArticleInput article_fields(RequestContext& ctx) {
  services::KbArticleInput in;
  in.title = ctx.fields().string("title");
  in.slug = ctx.fields().string("slug");
  in.body = ctx.fields().string("body");
  in.status = ctx.fields().string("status");
  in.audience = ctx.fields().string("audience");
  in.locale = ctx.fields().string("locale");
  in.category_id = ctx.fields().nullable_id("category_id");
  in.tags = ctx.fields().strings("tags");
  ctx.check();
  return in;
}

}  // namespace

void register_kb_routes(http::Router& router, services::KbService& kb, const Options& options) {
  // --- Staff: categories.
  const Access view = Access::need(core::Permission::kKbView);
  router.add(
      "GET", "/admin/kb/categories", view,
      [&kb](RequestContext&) {
        json::array data;
        for (const auto& c : kb.categories()) data.push_back(services::kb_category_json(c));
        return http::json_response(200, json::object{{"data", std::move(data)}});
      },
      "List knowledge base categories");
  router.add(
      "POST", "/admin/kb/categories", Access::need(core::Permission::kKbCreate),
      [&kb](RequestContext& ctx) {
        auto in = category_fields(ctx);
        return http::json_response(201,
                                   services::kb_category_json(kb.create_category(ctx.actor(), in)));
      },
      "Create a knowledge base category");
  router.add(
      "GET", "/admin/kb/categories/{id}", view,
      [&kb](RequestContext& ctx) {
        return http::json_response(200,
                                   services::kb_category_json(kb.category(ctx.id_param("id"))));
      },
      "One knowledge base category");
  router.add(
      "PATCH", "/admin/kb/categories/{id}", Access::need(core::Permission::kKbEdit),
      [&kb](RequestContext& ctx) {
        auto in = category_fields(ctx);
        return http::json_response(200, services::kb_category_json(kb.update_category(
                                            ctx.actor(), ctx.id_param("id"), in)));
      },
      "Change a knowledge base category");
  router.add(
      "DELETE", "/admin/kb/categories/{id}", Access::need(core::Permission::kKbDelete),
      [&kb](RequestContext& ctx) {
        kb.delete_category(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a knowledge base category");

  // --- Staff: articles.
  router.add(
      "GET", "/admin/kb/articles", view,
      [&kb](RequestContext& ctx) {
        services::KbAdminQuery q;
        q.q = ctx.query("q");
        q.status = ctx.query("status");
        q.audience = ctx.query("audience");
        q.category_id = ctx.query_int("category_id", 1, INT64_MAX);
        q.locale = ctx.query("locale");
        q.needs_work = ctx.query_int("needs_work", 0, 1).value_or(0) == 1;
        q.page = ctx.query_int("page", 1, 100000).value_or(1);
        ctx.check();
        return http::json_response(200, admin_page_json(kb.admin_articles(ctx.actor(), q),
                                                        core::kb::sees_staff_side(ctx.actor())));
      },
      "List knowledge base articles (drafts included)");
  router.add(
      "POST", "/admin/kb/articles", Access::need(core::Permission::kKbCreate),
      [&kb](RequestContext& ctx) {
        auto in = article_fields(ctx);
        return http::json_response(
            201, services::kb_admin_article_json(kb.create_article(ctx.actor(), in), nullptr));
      },
      "Create a knowledge base article");
  router.add(
      "GET", "/admin/kb/articles/{id}", view,
      [&kb](RequestContext& ctx) {
        auto d = kb.admin_article(ctx.actor(), ctx.id_param("id"));
        if (!core::kb::sees_staff_side(ctx.actor()))
          return http::json_response(200, services::kb_article_json(d.article, true));
        return http::json_response(200, services::kb_admin_article_json(d.article, &d.comments));
      },
      "One knowledge base article, with its feedback");
  router.add(
      "PATCH", "/admin/kb/articles/{id}", Access::need(core::Permission::kKbEdit),
      [&kb](RequestContext& ctx) {
        auto in = article_fields(ctx);
        return http::json_response(
            200, services::kb_admin_article_json(
                     kb.update_article(ctx.actor(), ctx.id_param("id"), in), nullptr));
      },
      "Change (and publish or unpublish) a knowledge base article");
  router.add(
      "DELETE", "/admin/kb/articles/{id}", Access::need(core::Permission::kKbDelete),
      [&kb](RequestContext& ctx) {
        kb.delete_article(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a knowledge base article");
  router.add(
      "GET", "/admin/kb/articles/{id}/versions", view,
      [&kb](RequestContext& ctx) {
        json::array data;
        for (const auto& v : kb.versions(ctx.actor(), ctx.id_param("id")))
          data.push_back(services::kb_version_json(v, false));
        return http::json_response(200, json::object{{"data", std::move(data)}});
      },
      "The published versions of an article, newest first");
  router.add(
      "GET", "/admin/kb/articles/{id}/versions/{version}", view,
      [&kb](RequestContext& ctx) {
        return http::json_response(
            200, services::kb_version_json(
                     kb.version(ctx.actor(), ctx.id_param("id"), ctx.id_param("version")), true));
      },
      "One published version of an article");
  router.add(
      "GET", "/admin/kb/articles/{id}/diff", view,
      [&kb](RequestContext& ctx) {
        auto from = ctx.query_int("from", 1, INT64_MAX);
        auto to = ctx.query_int("to", 1, INT64_MAX);
        ctx.check();
        if (!from || !to)
          throw core::ValidationError(!from ? "from" : "to",
                                      "is required: a version number (1 or more)");
        return http::json_response(
            200, services::kb_diff_json(kb.diff(ctx.actor(), ctx.id_param("id"), *from, *to)));
      },
      "The line diff between two published versions");

  // --- Readers.
  router.add(
      "GET", "/kb/categories", Access::kPublic,
      [&kb, &options](RequestContext& ctx) {
        auto categories = kb.categories();
        if (asks_for_html(ctx.request())) {
          std::string main = "<h1>Help center</h1><ul>";
          for (const auto& c : categories)
            main += "<li><a href=\"" + esc(mount_of(options) + "/kb/articles?category=" + c.slug) +
                    "\">" + esc(c.name) + "</a></li>";
          main += "</ul>";
          return html_page(options, std::string(core::kb::kDefaultLocale), "Help center",
                           "Browse the help center by topic.", mount_of(options) + "/kb/categories",
                           main);
        }
        json::array data;
        for (const auto& c : categories) data.push_back(services::kb_category_json(c));
        return http::json_response(200, json::object{{"data", std::move(data)}});
      },
      "The knowledge base's categories");
  router.add(
      "GET", "/kb/articles", Access::kPublic,
      [&kb, &options](RequestContext& ctx) {
        services::KbReaderQuery q;
        q.category = ctx.query("category");
        q.locale = ctx.query("locale");
        q.page = ctx.query_int("page", 1, 100000).value_or(1);
        ctx.check();
        auto page = kb.articles(reader_of(ctx), q);
        if (asks_for_html(ctx.request())) {
          std::string main = "<h1>Help center</h1>" + article_list_html(options, page);
          if (page.has_more) {
            std::string next =
                mount_of(options) + "/kb/articles?page=" + std::to_string(page.page + 1);
            if (q.category) next += "&category=" + *q.category;
            main += "<nav aria-label=\"Pages\"><a rel=\"next\" href=\"" + esc(next) +
                    "\">More articles</a></nav>";
          }
          return html_page(options, q.locale.value_or(std::string(core::kb::kDefaultLocale)),
                           "Help center", "Answers to common questions.",
                           mount_of(options) + "/kb/articles", main);
        }
        return http::json_response(200, page_json(page));
      },
      "Published articles the caller may read, newest first");
  router.add(
      "GET", "/kb/articles/{slug}", Access::kPublic,
      [&kb, &options](RequestContext& ctx) {
        std::optional<std::string> set_cookie;
        std::string visitor = visitor_of(ctx, options, set_cookie);
        auto a = kb.read(reader_of(ctx), ctx.param("slug"), ctx.query("locale"), visitor);
        Response r;
        if (asks_for_html(ctx.request())) {
          std::string main = "<article><h1>" + esc(a.title) + "</h1>";
          if (a.published_at)
            main += "<p><time datetime=\"" + core::format_rfc3339(*a.published_at) + "\">" +
                    core::format_rfc3339(*a.published_at).substr(0, 10) + "</time></p>";
          main += a.body_html + "</article>";
          r = html_page(options, a.locale, a.title, services::kb_excerpt(a.body_html, 160),
                        article_path(options, a.slug, a.locale), main);
        } else {
          r = http::json_response(200, services::kb_article_json(a, true));
        }
        if (set_cookie) r.headers.emplace_back("Set-Cookie", *set_cookie);
        return r;
      },
      "One published article (counts the view once per visitor and day)");
  router.add(
      "GET", "/kb/sitemap.xml", Access::kPublic,
      [&kb, &options](RequestContext&) {
        std::string xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        for (const auto& e : kb.sitemap()) {
          xml += "<url><loc>" + esc(base_url(options) + article_path(options, e.slug, e.locale)) +
                 "</loc><lastmod>" + core::format_rfc3339(e.updated_at).substr(0, 10) +
                 "</lastmod></url>\n";
        }
        xml += "</urlset>\n";
        Response r;
        r.status = 200;
        r.headers.emplace_back("Content-Type", "application/xml; charset=utf-8");
        r.body = std::move(xml);
        return r;
      },
      "The sitemap of the public articles");

  // --- The widget (and the portal).
  router.add(
      "GET", "/widget/kb/articles", Access::kPublic,
      [&kb](RequestContext& ctx) {
        services::KbReaderQuery q;
        q.category = ctx.query("category");
        q.locale = ctx.query("locale");
        q.page = ctx.query_int("page", 1, 100000).value_or(1);
        ctx.check();
        return http::json_response(200, page_json(kb.articles(reader_of(ctx), q)));
      },
      "Published articles the caller may read (the widget's list)");
  router.add(
      "GET", "/widget/kb/search", Access::kPublic,
      [&kb](RequestContext& ctx) {
        services::KbSearchInput in;
        in.q = ctx.query("q").value_or("");
        in.locale = ctx.query("locale");
        in.limit = ctx.query_int("limit", 1, services::kKbMaxSearchLimit)
                       .value_or(services::kKbDefaultSearchLimit);
        if (auto match = ctx.query("match")) {
          if (*match == "any")
            in.any_word = true;
          else if (*match != "all")
            ctx.fields().error("match", "must be all or any");
        }
        ctx.check();
        return http::json_response(200, services::kb_search_json(kb.search(reader_of(ctx), in)));
      },
      "Search the published articles the caller may read");
  router.add(
      "POST", "/widget/kb/articles/{id}/feedback", Access::kPublic,
      [&kb, &options](RequestContext& ctx) {
        services::KbFeedbackInput in;
        in.helpful = ctx.fields().boolean("helpful");
        in.comment = ctx.fields().string("comment");
        ctx.check();
        std::optional<std::string> set_cookie;
        std::string visitor = visitor_of(ctx, options, set_cookie);
        auto [vote, created] = kb.feedback(reader_of(ctx), ctx.id_param("id"), visitor, in);
        json::object body = services::kb_feedback_json(vote);
        body.erase("user");
        Response r = http::json_response(created ? 201 : 200, body);
        if (set_cookie) r.headers.emplace_back("Set-Cookie", *set_cookie);
        return r;
      },
      "Rate an article helpful or not (one vote per visitor; a later vote replaces it)");
}

}  // namespace escalated::api
