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

#include "support/test_server.h"

#ifndef ESCALATED_SOURCE_DIR
#error "ESCALATED_SOURCE_DIR must name the source tree (see tests/CMakeLists.txt)"
#endif

namespace escalated::testing {
namespace {

const char* const kSpecPath = ESCALATED_SOURCE_DIR "/docs/openapi.yaml";

struct Operation {
  std::string method;  // upper case, as route_list() spells it
  std::string path;    // "/support/tickets/{id}"
  std::string access;  // the x-escalated-access value, "" when absent
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
        ops.push_back(Operation{method, path, "", false, line_no});
        current = &ops.back();
        path_field.clear();
        ++path_ops;
      } else if (kPathItemFields.count(entry->first)) {
        current = nullptr;
        path_field = entry->first;
      } else {
        throw SpecError(line_no, "unexpected key `" + entry->first + "` under " + path);
      }
    } else if (indent == 6 && current) {
      auto entry = mapping_entry(content);
      if (!entry) continue;  // a list item or scalar continuation of a field
      if (entry->first == "x-escalated-access") {
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

TEST(OpenApi, EveryOperationDeclaresItsAccess) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  static const std::set<std::string> kLevels = {"public", "user", "staff", "admin"};
  for (const auto& op : spec.operations) {
    EXPECT_TRUE(kLevels.count(op.access))
        << op.key() << " (line " << op.line << ") has x-escalated-access `" << op.access
        << "`; expected public, user, staff or admin";
    bool test_route = op.path.find("/_test/") != std::string::npos;
    EXPECT_EQ(op.test_only, test_route)
        << op.key() << ": x-escalated-test-only: true belongs on exactly the /_test/ routes";
  }
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

// (c) The access level each operation declares, checked by behaviour: the
// route table's levels are not public, route_list() gives only strings. Every
// registered operation is called anonymously and as a customer, an agent and
// an admin, with {id} = 1 and `{}` as the body of POST, PUT and PATCH. The
// dispatcher answers 401 (no identity) or 403 (role too low) before any
// handler runs; a caller the route admits gets whatever the handler says
// (200, 204, 404, 422 ...), never 401 or 403, since no handler refuses an
// admitted role for these inputs on its own (a customer closing ticket 1 is
// 404 before AllowCustomerClose matters). Nothing changes: `{}` fails
// validation on every create and edit, id 1 names no ticket, department or
// tag, and settings given `{}` stay as they are. Only signing out has an
// effect; that caller signs in again. Documented operations the server does
// not register are left to EveryDocumentedOperationIsRegistered.
TEST(OpenApi, DeclaredAccessMatchesWhatTheServerEnforces) {
  LoadedSpec spec = load_spec();
  ASSERT_TRUE(spec.error.empty()) << spec.error;
  TestServer server;
  server.add_user("Cara Customer", "cara@example.com", "customer");
  server.add_user("Ali Agent", "ali@example.com", "agent");
  server.add_user("Ada Admin", "ada@example.com", "admin");

  struct Caller {
    std::string name;
    int rank;  // 0 anonymous, 1 customer, 2 agent, 3 admin
    std::string email;
    std::unique_ptr<HttpClient> client;
  };
  std::vector<Caller> callers;
  callers.push_back({"anonymous", 0, "", server.client()});
  callers.push_back({"customer", 1, "cara@example.com", server.signed_in("cara@example.com")});
  callers.push_back({"agent", 2, "ali@example.com", server.signed_in("ali@example.com")});
  callers.push_back({"admin", 3, "ada@example.com", server.signed_in("ada@example.com")});
  std::vector<std::string> routes = server.helpdesk().route_list();
  const std::set<std::string> registered(routes.begin(), routes.end());
  const std::map<std::string, int> kRequiredRank = {
      {"public", 0}, {"user", 1}, {"staff", 2}, {"admin", 3}};

  // Public as far as sessions go, but authenticated by a shared secret of
  // their own (tested with it in inbound_mail_test): no session gets a
  // caller past it, so without the secret everyone is 401.
  const std::set<std::string> kSecretAuthenticated = {"POST /support/inbound/email"};

  int checked = 0;
  for (const auto& op : spec.operations) {
    auto required = kRequiredRank.find(op.access);
    if (required == kRequiredRank.end()) continue;  // reported by EveryOperationDeclaresItsAccess
    if (!registered.count(op.key())) continue;  // reported by EveryDocumentedOperationIsRegistered
    if (kSecretAuthenticated.count(op.key())) {
      for (auto& caller : callers)
        EXPECT_EQ(caller.client->request(op.method, op.path, "{}").status, 401)
            << op.key() << " as " << caller.name;
      ++checked;
      continue;
    }
    std::string path = op.path;
    if (auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, "1");
    if (path.find('{') != std::string::npos) continue;  // other parameters: not checked here
    const bool has_body = op.method == "POST" || op.method == "PUT" || op.method == "PATCH";
    for (auto& caller : callers) {
      HttpResult r = caller.client->request(op.method, path, has_body ? "{}" : "");
      std::string who = op.key() + " (x-escalated-access: " + op.access + ") as " + caller.name;
      if (caller.rank >= required->second) {
        EXPECT_NE(r.status, 401) << who << ": " << r.body;
        EXPECT_NE(r.status, 403) << who << ": " << r.body;
        EXPECT_FALSE(r.status == 404 && r.body.find("No route") != std::string::npos)
            << who << ": the path is not routed";
        EXPECT_NE(r.status, 405) << who << ": " << r.body;
      } else if (caller.rank == 0) {
        EXPECT_EQ(r.status, 401) << who << ": " << r.body;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << who;
      } else {
        EXPECT_EQ(r.status, 403) << who << ": " << r.body;
      }
      if (op.key() == "POST /support/auth/logout" && r.status == 204 && !caller.email.empty()) {
        caller.client = server.signed_in(caller.email);
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 0) << "no operation was checked";
}

}  // namespace
}  // namespace escalated::testing
