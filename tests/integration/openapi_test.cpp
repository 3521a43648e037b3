// docs/openapi.yaml against the server: the document names exactly the routes
// the server registers, and the role each operation declares in
// `x-escalated-access` is the one the server enforces.
//
// No YAML library is available, so a small reader takes what these checks
// need from the `paths:` section, relying on the layout the document keeps
// (and states in its header comment): path keys at two spaces of indent,
// operation keys at four, operation fields at six. Anything else at those
// levels is an error, so a change of layout fails loudly instead of silently
// yielding fewer operations.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/middleware.h"
#include "core/permissions.h"
#include "support/test_server.h"

#ifndef ESCALATED_SOURCE_DIR
#error "ESCALATED_SOURCE_DIR must name the source tree (see tests/CMakeLists.txt)"
#endif

namespace escalated::testing {
namespace {

const char* const kSpecPath = ESCALATED_SOURCE_DIR "/docs/openapi.yaml";

struct Operation {
  std::string method;              // upper case, as route_list() spells it
  std::string path;                // "/support/tickets/{id}"
  std::string access;              // the x-escalated-access value, "" when absent
  std::string token_ability;       // x-escalated-token-ability, unquoted; "" when absent
  std::set<std::string> security;  // the scheme names its `security` lists ("{}" for none)
  bool test_only = false;
  int line = 0;  // where the operation key is, for messages
  std::string key() const { return method + " " + path; }
};

class SpecError : public std::runtime_error {
 public:
  SpecError(int line, const std::string& message)
      : std::runtime_error(std::string(kSpecPath) + ":" + std::to_string(line) + ": " + message) {}
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// "key: value" -> {"key", "value"}; "key:" -> {"key", ""}. Nullopt when the
// line is not a plain mapping key.
std::optional<std::pair<std::string, std::string>> mapping_entry(const std::string& content) {
  auto colon = content.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  if (colon + 1 < content.size() && content[colon + 1] != ' ') return std::nullopt;
  return std::make_pair(content.substr(0, colon), trim(content.substr(colon + 1)));
}

// The operations under `paths:`. Throws SpecError on any layout it does not
// expect.
std::vector<Operation> read_operations(const std::string& text) {
  static const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                                 "options", "head", "patch", "trace"};
  static const std::set<std::string> kPathItemFields = {"summary", "description", "parameters",
                                                        "servers", "$ref"};
  std::vector<std::string> lines = split_lines(text);

  size_t start = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == "paths:") {
      if (start != lines.size()) throw SpecError(static_cast<int>(i + 1), "a second `paths:`");
      start = i + 1;
    } else if (lines[i].rfind("paths:", 0) == 0) {
      throw SpecError(static_cast<int>(i + 1), "`paths:` must stand alone on its line");
    }
  }
  if (start == lines.size()) throw SpecError(0, "no top-level `paths:` line");

  std::vector<Operation> ops;
  std::set<std::string> seen_paths;
  std::string path;              // the current path key
  size_t path_ops = 0;           // operations under it so far
  int path_line = 0;             // where it is
  Operation* current = nullptr;  // the current operation, while in one
  std::string path_field;        // the current path-level non-operation key
  bool in_security = false;      // reading the current operation's `security` items
  auto close_path = [&] {
    if (!path.empty() && path_ops == 0) throw SpecError(path_line, path + " has no operations");
  };

  for (size_t i = start; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    const std::string& line = lines[i];
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;  // blank
    if (line[indent] == '\t') throw SpecError(line_no, "tab in indentation");
    if (line[indent] == '#') continue;  // comment
    if (indent == 0) break;             // the next top-level key ends the section
    std::string content = line.substr(indent);

    if (indent == 2) {
      close_path();
      auto entry = mapping_entry(content);
      if (!entry || entry->first.empty() || entry->first[0] != '/' || !entry->second.empty())
        throw SpecError(line_no, "expected a path key like `  /support/x:`, got `" + line + "`");
      path = entry->first;
      if (!seen_paths.insert(path).second) throw SpecError(line_no, "duplicate path " + path);
      path_ops = 0;
      path_line = line_no;
      current = nullptr;
      path_field.clear();
    } else if (indent == 4) {
      if (path.empty()) throw SpecError(line_no, "operation key before any path key");
      if (content.rfind("- ", 0) == 0 && !path_field.empty()) continue;  // list item of a field
      auto entry = mapping_entry(content);
      if (!entry) throw SpecError(line_no, "expected a method key like `    get:`");
      if (kMethods.count(entry->first)) {
        if (!entry->second.empty())
          throw SpecError(line_no, "operation " + entry->first + " must be a block mapping");
        std::string method = entry->first;
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        ops.push_back(Operation{method, path, "", "", {}, false, line_no});
        current = &ops.back();
        path_field.clear();
        in_security = false;
        ++path_ops;
      } else if (kPathItemFields.count(entry->first)) {
        current = nullptr;
        path_field = entry->first;
      } else {
        throw SpecError(line_no, "unexpected key `" + entry->first + "` under " + path);
      }
    } else if (indent == 6 && current) {
      in_security = false;
      auto entry = mapping_entry(content);
      if (!entry) continue;  // a list item or scalar continuation of a field
      if (entry->first == "security") {
        in_security = true;
      } else if (entry->first == "x-escalated-token-ability") {
        std::string value = entry->second;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
          value = value.substr(1, value.size() - 2);
        current->token_ability = value;
      } else if (entry->first == "x-escalated-access") {
        if (!current->access.empty())
          throw SpecError(line_no, "second x-escalated-access on " + current->key());
        current->access = entry->second;
        if (current->access.empty())
          throw SpecError(line_no, "empty x-escalated-access on " + current->key());
      } else if (entry->first == "x-escalated-test-only") {
        current->test_only = entry->second == "true";
      }
    } else if (indent < 6) {
      throw SpecError(line_no, "unexpected indent of " + std::to_string(indent) + " spaces");
    } else if (in_security && current) {
      // "- sessionCookie: []", its continuation "csrfToken: []", or "- {}".
      std::string item = content.rfind("- ", 0) == 0 ? content.substr(2) : content;
      if (item == "{}") {
        current->security.insert("{}");
      } else if (auto entry = mapping_entry(item)) {
        current->security.insert(entry->first);
      }
    }
    // Deeper lines belong to the current operation's fields: not needed here.
  }
  close_path();
  if (ops.empty()) throw SpecError(static_cast<int>(start), "no operations under `paths:`");
  return ops;
}

// The spec's operations, or the reason they could not be read.
struct LoadedSpec {
  std::string text;
  std::vector<Operation> operations;
  std::string error;
};

LoadedSpec load_spec() {
  LoadedSpec spec;
  try {
    spec.text = read_text(kSpecPath);
    spec.operations = read_operations(spec.text);
  } catch (const std::exception& e) {
    spec.error = e.what();
  }
  return spec;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out;
}

TEST(OpenApiReader, ReadsTheExpectedLayout) {
  auto ops = read_operations(
      "openapi: 3.1.0\n"
      "paths:\n"
      "  /support/a/{id}:\n"
      "    parameters:\n"
      "    - name: id\n"
      "    get:\n"
      "      summary: x\n"
      "      x-escalated-access: staff\n"
      "      description: |\n"
      "        x-escalated-access: admin\n"
      "    delete:\n"
      "      x-escalated-access: admin\n"
      "      x-escalated-test-only: true\n"
      "components:\n"
      "  x:\n"
      "    get:\n");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].key(), "GET /support/a/{id}");
  EXPECT_EQ(ops[0].access, "staff");
  EXPECT_FALSE(ops[0].test_only);
  EXPECT_EQ(ops[1].key(), "DELETE /support/a/{id}");
  EXPECT_EQ(ops[1].access, "admin");
  EXPECT_TRUE(ops[1].test_only);
}

TEST(OpenApiReader, FailsLoudlyOnAnyOtherLayout) {
  const std::vector<std::string> bad = {
      "openapi: 3.1.0\ninfo: {}\n",                             // no paths
      "paths:\ncomponents: {}\n",                               // no operations
      "paths: {}\n",                                            // flow style
      "paths:\n  /a:\n    get:\n  /a:\n    put:\n",             // duplicate path
      "paths:\n  /a:\n  /b:\n    get:\n",                       // path without operations
      "paths:\n   /a:\n    get:\n",                             // path at 3 spaces
      "paths:\n  \"/a\":\n    get:\n",                          // quoted path
      "paths:\n  /a:\n    got:\n",                              // unknown key
      "paths:\n  /a:\n    get: {}\n",                           // flow operation
      "paths:\n  /a:\n\tget:\n",                                // tab
      "paths:\n  /a:\n    get:\n      x-escalated-access: a\n"  // two access values
      "      x-escalated-access: b\n",
  };
  for (const auto& text : bad) {
    EXPECT_THROW(read_operations(text), SpecError) << "accepted:\n" << text;
  }
}

TEST(OpenApi, DocumentHasTheBasicShape) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  EXPECT_EQ(spec.text.rfind("openapi: 3.1", 0), 0u)
      << "the document must start with `openapi: 3.1`";
  std::map<std::string, int> top_level;
  for (const auto& line : split_lines(spec.text)) {
    if (line.empty() || line[0] == ' ' || line[0] == '#') continue;
    if (auto entry = mapping_entry(line)) ++top_level[entry->first];
  }
  for (const char* key : {"openapi", "info", "paths", "components"}) {
    EXPECT_EQ(top_level[key], 1) << "top-level `" << key << ":` should appear exactly once";
  }
  EXPECT_NE(spec.text.find("\n  schemas:\n"), std::string::npos) << "components has no schemas";
  EXPECT_NE(spec.text.find("\n  securitySchemes:\n"), std::string::npos)
      << "components has no securitySchemes";
}

bool is_access_value(const std::string& access) {
  return access == "public" || access == "user" || core::parse_permission(access).has_value();
}

TEST(OpenApi, EveryOperationDeclaresItsAccess) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  for (const auto& op : spec.operations) {
    EXPECT_TRUE(is_access_value(op.access))
        << op.key() << " (line " << op.line << ") has x-escalated-access `" << op.access
        << "`; expected public, user or a permission slug";
    bool test_route = op.path.find("/_test/") != std::string::npos;
    EXPECT_EQ(op.test_only, test_route)
        << op.key() << ": x-escalated-test-only: true belongs on exactly the /_test/ routes";
  }
}

// (b') The declaration itself: what the route table says each route needs
// is what the document says.
TEST(OpenApi, DeclaredAccessIsTheRouteTablesAccess) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  std::map<std::string, std::string> table;
  for (const auto& r : server.helpdesk().route_access()) table[r.method + " " + r.path] = r.access;
  for (const auto& op : spec.operations) {
    auto it = table.find(op.key());
    if (it == table.end()) continue;  // reported by EveryDocumentedOperationIsRegistered
    EXPECT_EQ(op.access, it->second) << op.key() << " (line " << op.line << ")";
  }
}

// The credentials each operation lists are the ones the server accepts: the
// session cookie on every signed-in route (with the CSRF header on writes),
// and an API token wherever the middleware lets one in, with the ability it
// checks (api::required_ability) in `x-escalated-token-ability`; account
// routes refuse tokens and list none.
TEST(OpenApi, SecurityListsWhatTheServerAccepts) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  const std::string prefix = server.prefix();
  std::map<std::string, std::string> table;
  for (const auto& r : server.helpdesk().route_access()) table[r.method + " " + r.path] = r.access;
  int token_routes = 0;
  for (const auto& op : spec.operations) {
    auto it = table.find(op.key());
    if (it == table.end() || it->second == "public") {
      EXPECT_EQ(op.security.count("bearerToken"), 0u) << op.key() << ": a public route";
      EXPECT_TRUE(op.token_ability.empty()) << op.key() << ": a public route";
      continue;
    }
    std::string pattern = op.path.substr(prefix.size());
    auto ability = api::required_ability(op.method, pattern);
    bool writes = op.method != "GET" && op.method != "HEAD";
    EXPECT_EQ(op.security.count("sessionCookie"), 1u) << op.key() << " (line " << op.line << ")";
    EXPECT_EQ(op.security.count("csrfToken"), writes ? 1u : 0u)
        << op.key() << " (line " << op.line << ")";
    EXPECT_EQ(op.security.count("bearerToken"), ability ? 1u : 0u)
        << op.key() << " (line " << op.line << ")";
    EXPECT_EQ(op.token_ability, ability.value_or("")) << op.key() << " (line " << op.line << ")";
    if (ability) ++token_routes;
  }
  EXPECT_GT(token_routes, 80) << "most routes take API tokens";
}

TEST(OpenApi, EveryRegisteredRouteIsDocumented) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  ASSERT_EQ(server.prefix(), "/support") << "the document is written for the default prefix";
  std::vector<std::string> routes = server.helpdesk().route_list();
  ASSERT_FALSE(routes.empty());

  std::set<std::string> documented;
  for (const auto& op : spec.operations) documented.insert(op.key());
  std::vector<std::string> missing;
  std::set<std::string> registered;
  for (const auto& route : routes) {
    EXPECT_TRUE(registered.insert(route).second) << "registered twice: " << route;
    if (!documented.count(route)) missing.push_back(route);
  }
  EXPECT_TRUE(missing.empty()) << missing.size()
                               << " registered route(s) missing from docs/openapi.yaml:"
                               << joined(missing);
}

TEST(OpenApi, EveryDocumentedOperationIsRegistered) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  std::vector<std::string> routes = server.helpdesk().route_list();
  std::set<std::string> registered(routes.begin(), routes.end());

  std::vector<std::string> extra;
  for (const auto& op : spec.operations) {
    if (!registered.count(op.key()))
      extra.push_back(op.key() + " (line " + std::to_string(op.line) + ")");
  }
  EXPECT_TRUE(extra.empty()) << extra.size()
                             << " operation(s) in docs/openapi.yaml the server does not register:"
                             << joined(extra);
}

// (c) The route x role matrix, checked by behaviour: every registered
// operation is called anonymously and as a user of each seeded role
// (customer, light_agent, agent, admin) and of a custom role made through
// the API, with {id} = 1 and `{}` as the body of POST, PUT and PATCH. What a
// role holds comes from GET /admin/roles, not from this test. The dispatcher
// answers 401 (no identity) or 403 (permission missing) before any handler
// runs; a caller the route admits gets whatever the handler says (200, 204,
// 404, 422 ...), never 401 or 403, since no handler refuses an admitted
// caller for these inputs on its own (a customer closing ticket 1 is 404
// before AllowCustomerClose matters). Nothing changes: `{}` fails
// validation on every create and edit, id 1 names no ticket, department,
// tag or custom role, and settings given `{}` stay as they are. Only signing
// out has an effect; that caller signs in again.
TEST(OpenApi, RouteByRoleMatrixMatchesTheDeclarations) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  server.add_user("Ada Admin", "ada@example.com", "admin");
  auto admin = server.signed_in("ada@example.com");
  // A custom role with a narrow grant: tags and the knowledge base only.
  HttpResult custom = admin->post_json(
      server.prefix() + "/admin/roles",
      boost::json::object{{"name", "Tag keeper"},
                          {"slug", "tag_keeper"},
                          {"permissions", boost::json::array{"tag.manage", "kb.view"}}});
  ASSERT_EQ(custom.status, 201) << custom.body;

  HttpResult roles = admin->get(server.prefix() + "/admin/roles");
  ASSERT_EQ(roles.status, 200) << roles.body;
  std::map<std::string, std::set<std::string>> granted;
  const boost::json::value role_list = roles.json();
  for (const auto& r : role_list.at("data").as_array()) {
    auto& set = granted[std::string(r.at("slug").as_string())];
    for (const auto& p : r.at("permissions").as_array()) set.insert(std::string(p.as_string()));
  }
  for (const char* slug : {"admin", "agent", "light_agent", "customer", "tag_keeper"})
    ASSERT_TRUE(granted.count(slug)) << slug << " is not among the roles: " << roles.body;
  EXPECT_EQ(granted["admin"].size(), core::all_permissions().size());
  EXPECT_TRUE(granted["agent"].count("ticket.view_all"));
  EXPECT_FALSE(granted["light_agent"].count("ticket.edit"));

  struct Caller {
    std::string role;  // "" for anonymous
    std::string email;
    std::unique_ptr<HttpClient> client;
  };
  std::vector<Caller> callers;
  callers.push_back({"", "", server.client()});
  for (const char* role : {"customer", "light_agent", "agent", "tag_keeper"}) {
    std::string email = std::string(role) + "@example.com";
    std::replace(email.begin(), email.end(), '_', '-');
    server.add_user(role, email, role);
    callers.push_back({role, email, server.signed_in(email)});
  }
  callers.push_back({"admin", "ada@example.com", std::move(admin)});

  std::vector<std::string> routes = server.helpdesk().route_list();
  const std::set<std::string> registered(routes.begin(), routes.end());
  // Public as far as sessions go, but authenticated by a shared secret of
  // their own (tested with it in inbound_mail_test): no session gets a
  // caller past it, so without the secret everyone is 401.
  const std::set<std::string> kSecretAuthenticated = {"POST /support/inbound/email"};

  int checked = 0;
  for (const auto& op : spec.operations) {
    if (!is_access_value(op.access)) continue;  // reported by EveryOperationDeclaresItsAccess
    if (!registered.count(op.key())) continue;  // reported by EveryDocumentedOperationIsRegistered
    if (kSecretAuthenticated.count(op.key())) {
      for (auto& caller : callers)
        EXPECT_EQ(caller.client->request(op.method, op.path, "{}").status, 401)
            << op.key() << " as " << (caller.role.empty() ? "anonymous" : caller.role);
      ++checked;
      continue;
    }
    std::string path = op.path;
    if (auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, "1");
    if (path.find('{') != std::string::npos) continue;  // other parameters: not checked here
    const bool has_body = op.method == "POST" || op.method == "PUT" || op.method == "PATCH";
    for (auto& caller : callers) {
      const bool admitted = op.access == "public" ||
                            (!caller.role.empty() &&
                             (op.access == "user" || granted[caller.role].count(op.access) > 0));
      HttpResult r = caller.client->request(op.method, path, has_body ? "{}" : "");
      std::string who = op.key() + " (x-escalated-access: " + op.access + ") as " +
                        (caller.role.empty() ? "anonymous" : caller.role);
      if (admitted) {
        EXPECT_NE(r.status, 401) << who << ": " << r.body;
        EXPECT_NE(r.status, 403) << who << ": " << r.body;
        EXPECT_FALSE(r.status == 404 && r.body.find("No route") != std::string::npos)
            << who << ": the path is not routed";
        EXPECT_NE(r.status, 405) << who << ": " << r.body;
      } else if (caller.role.empty()) {
        EXPECT_EQ(r.status, 401) << who << ": " << r.body;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << who;
      } else {
        EXPECT_EQ(r.status, 403) << who << ": " << r.body;
        EXPECT_NE(r.body.find(op.access), std::string::npos) << who << ": names the permission";
      }
      if (op.key() == "POST /support/auth/logout" && r.status == 204 && !caller.email.empty()) {
        caller.client = server.signed_in(caller.email);
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 80) << "too few operations were checked";
}

}  // namespace
}  // namespace escalated::testing
