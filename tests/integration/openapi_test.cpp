// docs/openapi.yaml against the server: the document names exactly the routes
// the server registers, and the role each operation declares in
// `x-escalated-access` is the one the server enforces.
//
// The document is read with yaml-cpp, so any valid YAML layout works; what
// these checks need is taken from the parsed tree, and a structure they do
// not expect (a duplicate key, an unknown key under a path, an operation
// that is not a mapping) fails loudly instead of silently yielding fewer
// operations.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
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
  std::string token_ability;       // x-escalated-token-ability; "" when absent
  std::set<std::string> security;  // the scheme names its `security` lists ("{}" for none)
  bool test_only = false;
  int line = 0;  // where the operation key is, for messages
  std::string key() const { return method + " " + path; }
};

class SpecError : public std::runtime_error {
 public:
  SpecError(int line, const std::string& message)
      : std::runtime_error(std::string(kSpecPath) + ":" + std::to_string(line) + ": " + message) {}
  SpecError(const YAML::Node& at, const std::string& message)
      : SpecError(at.Mark().is_null() ? 0 : at.Mark().line + 1, message) {}
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The document, parsed; a YAML syntax error becomes a SpecError.
YAML::Node parse_yaml(const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw SpecError(e.mark.is_null() ? 0 : e.mark.line + 1, e.msg);
  }
}

// The keys of a mapping, in order; throws on a key that is not a scalar or
// that appears twice (YAML forbids it, and a parser would keep only one).
std::vector<std::string> mapping_keys(const YAML::Node& map, const std::string& what) {
  if (!map.IsMap()) throw SpecError(map, what + " must be a mapping");
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar())
      throw SpecError(entry.first, "a key of " + what + " is not a scalar");
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second)
      throw SpecError(entry.first, "duplicate key `" + key + "` in " + what);
    keys.push_back(key);
  }
  return keys;
}

std::string scalar(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) throw SpecError(node, what + " must be a scalar");
  return node.Scalar();
}

int line_of(const YAML::Node& node) {
  return node.Mark().is_null() ? 0 : node.Mark().line + 1;
}

Operation read_operation(const std::string& path, const std::string& method, const YAML::Node& key,
                         const YAML::Node& node) {
  Operation op;
  op.method = method;
  std::transform(op.method.begin(), op.method.end(), op.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  op.path = path;
  op.line = line_of(key);
  const std::string what = op.key();
  mapping_keys(node, what);  // a mapping without duplicate keys
  if (const YAML::Node access = node["x-escalated-access"]) {
    op.access = scalar(access, what + " x-escalated-access");
    if (op.access.empty()) throw SpecError(access, "empty x-escalated-access on " + what);
  }
  if (const YAML::Node ability = node["x-escalated-token-ability"])
    op.token_ability = scalar(ability, what + " x-escalated-token-ability");
  if (const YAML::Node test_only = node["x-escalated-test-only"]) {
    bool value = false;
    if (!YAML::convert<bool>::decode(test_only, value))
      throw SpecError(test_only, "x-escalated-test-only on " + what + " must be true or false");
    op.test_only = value;
  }
  if (const YAML::Node security = node["security"]) {
    if (!security.IsSequence())
      throw SpecError(security, "security of " + what + " must be a list");
    for (const auto& requirement : security) {
      std::vector<std::string> schemes =
          mapping_keys(requirement, "a security requirement of " + what);
      if (schemes.empty()) op.security.insert("{}");
      op.security.insert(schemes.begin(), schemes.end());
    }
  }
  return op;
}

// The operations under `paths:`. Throws SpecError on a structure it does not
// expect.
std::vector<Operation> read_operations(const std::string& text) {
  static const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                                 "options", "head", "patch", "trace"};
  static const std::set<std::string> kPathItemFields = {"summary", "description", "parameters",
                                                        "servers", "$ref"};
  const YAML::Node root = parse_yaml(text);
  if (!root.IsMap()) throw SpecError(root, "the document is not a mapping");
  mapping_keys(root, "the document");
  const YAML::Node paths = root["paths"];
  if (!paths) throw SpecError(root, "no top-level `paths`");

  std::vector<Operation> ops;
  mapping_keys(paths, "paths");
  for (const auto& entry : paths) {
    const std::string& path = entry.first.Scalar();
    if (path.empty() || path[0] != '/')
      throw SpecError(entry.first, "a path must start with '/', got `" + path + "`");
    size_t before = ops.size();
    const YAML::Node item = entry.second;
    mapping_keys(item, path);
    for (const auto& field : item) {
      const std::string& name = field.first.Scalar();
      if (kMethods.count(name)) {
        if (!field.second.IsMap())
          throw SpecError(field.first, "operation " + name + " " + path + " must be a mapping");
        ops.push_back(read_operation(path, name, field.first, field.second));
      } else if (!kPathItemFields.count(name)) {
        throw SpecError(field.first, "unexpected key `" + name + "` under " + path);
      }
    }
    if (ops.size() == before) throw SpecError(entry.first, path + " has no operations");
  }
  if (ops.empty()) throw SpecError(paths, "no operations under `paths`");
  return ops;
}

// The spec's operations, or the reason they could not be read.
struct LoadedSpec {
  std::string text;
  YAML::Node root;
  std::vector<Operation> operations;
  std::string error;
};

LoadedSpec load_spec() {
  LoadedSpec spec;
  try {
    spec.text = read_text(kSpecPath);
    spec.operations = read_operations(spec.text);
    spec.root = parse_yaml(spec.text);
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

TEST(OpenApiReader, ReadsAnyLayout) {
  // Block style at unusual indents, a quoted path, a flow-style operation and
  // a description that mentions the same keys: only the parsed tree counts.
  auto ops = read_operations(
      "openapi: 3.1.0\n"
      "paths:\n"
      "   \"/support/a/{id}\":\n"
      "         parameters:\n"
      "         - name: id\n"
      "         get:\n"
      "             summary: x\n"
      "             x-escalated-access: staff\n"
      "             security: [{sessionCookie: []}, {bearerToken: []}]\n"
      "             x-escalated-token-ability: \"tickets:read\"\n"
      "             description: |\n"
      "               x-escalated-access: admin\n"
      "         delete: {x-escalated-access: admin, x-escalated-test-only: true, security: [{}]}\n"
      "components:\n"
      "  x:\n"
      "    get:\n");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].key(), "GET /support/a/{id}");
  EXPECT_EQ(ops[0].access, "staff");
  EXPECT_EQ(ops[0].token_ability, "tickets:read");
  EXPECT_EQ(ops[0].security, (std::set<std::string>{"sessionCookie", "bearerToken"}));
  EXPECT_FALSE(ops[0].test_only);
  EXPECT_EQ(ops[0].line, 6);
  EXPECT_EQ(ops[1].key(), "DELETE /support/a/{id}");
  EXPECT_EQ(ops[1].access, "admin");
  EXPECT_EQ(ops[1].security, (std::set<std::string>{"{}"}));
  EXPECT_TRUE(ops[1].test_only);
}

TEST(OpenApiReader, FailsLoudlyOnAnUnexpectedStructure) {
  const std::vector<std::string> bad = {
      "openapi: 3.1.0\ninfo: {}\n",                             // no paths
      "paths:\ncomponents: {}\n",                               // paths is null
      "paths: {}\n",                                            // no operations
      "paths: [/a]\n",                                          // not a mapping
      "paths:\n  /a:\n    get: {}\n  /a:\n    put: {}\n",       // duplicate path
      "paths:\n  /a: {}\n  /b:\n    get: {}\n",                 // path without operations
      "paths:\n  a:\n    get: {}\n",                            // path without '/'
      "paths:\n  /a:\n    got: {}\n",                           // unknown key
      "paths:\n  /a:\n    get: x\n",                            // scalar operation
      "paths:\n  /a:\n    get:\n",                              // empty operation
      "paths:\n  /a:\n\tget: {}\n",                             // tab (not YAML)
      "paths:\n  /a:\n    get:\n      x-escalated-access: a\n"  // two access values
      "      x-escalated-access: b\n",
      "paths:\n  /a:\n    get:\n      x-escalated-access: [a]\n",       // not a scalar
      "paths:\n  /a:\n    get:\n      x-escalated-test-only: maybe\n",  // not a boolean
      "paths:\n  /a:\n    get:\n      security: {a: []}\n",             // not a list
      "openapi: 3.1.0\nopenapi: 3.1.0\npaths:\n  /a:\n    get: {}\n",   // duplicate top-level key
  };
  for (const auto& text : bad) {
    EXPECT_THROW(read_operations(text), SpecError) << "accepted:\n" << text;
  }
}

TEST(OpenApi, DocumentHasTheBasicShape) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  const YAML::Node& root = spec.root;
  ASSERT_TRUE(root["openapi"] && root["openapi"].IsScalar());
  EXPECT_EQ(root["openapi"].Scalar().rfind("3.1", 0), 0u) << "the document must be OpenAPI 3.1";
  EXPECT_TRUE(root["info"].IsMap()) << "no info";
  EXPECT_TRUE(root["paths"].IsMap()) << "no paths";
  ASSERT_TRUE(root["components"].IsMap()) << "no components";
  EXPECT_TRUE(root["components"]["schemas"].IsMap()) << "components has no schemas";
  EXPECT_TRUE(root["components"]["securitySchemes"].IsMap()) << "components has no securitySchemes";
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
