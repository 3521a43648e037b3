#include "services/access/audit_service.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <map>

#include "core/errors.h"
#include "core/text.h"
#include "core/time_format.h"
#include "services/base/stored_json.h"
#include "store/journal_repo.h"

namespace escalated::services {
namespace json = boost::json;
namespace {

// Stored values are JSON the journal wrote; shown as JSON again (a damaged
// one as its text, so the log still shows what is there).
json::value stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  json::value v = parse_stored(*text);
  return v.is_null() ? json::value(*text) : v;
}

bool plain_word(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}

// The name a recorded value carries: what the entity was called when the
// entry was written (the only name left once the row is deleted).
std::optional<std::string> recorded_name(const store::AuditRecord& e) {
  for (const auto& text : {e.old_values_json, e.new_values_json}) {
    if (!text) continue;
    json::value v = parse_stored(*text);
    if (!v.is_object()) continue;
    for (const char* member : {"name", "title", "subject", "filename", "url", "key"})
      if (const json::value* found = v.as_object().if_contains(member); found && found->is_string())
        return std::string(found->as_string());
  }
  return std::nullopt;
}

}  // namespace

json::object audit_entry_json(const AuditEntry& entry) {
  const store::AuditRecord& e = entry.record;
  json::value actor = nullptr;
  if (e.actor_id)
    actor = json::object{{"id", *e.actor_id},
                         {"name", e.actor_name ? json::value(*e.actor_name) : json::value()}};
  return {{"id", e.id},
          {"actor", std::move(actor)},
          {"entity_type", e.entity_type},
          {"entity_id", e.entity_id ? json::value(*e.entity_id) : json::value()},
          {"action", e.action},
          {"target", json::object{{"type", e.entity_type},
                                  {"id", e.entity_id ? json::value(*e.entity_id) : json::value()},
                                  {"name", entry.target_name ? json::value(*entry.target_name)
                                                             : json::value()}}},
          {"old_values", stored_json(e.old_values_json)},
          {"new_values", stored_json(e.new_values_json)},
          {"created_at", core::format_rfc3339(e.created_at)}};
}

AuditPage AuditService::list(const core::Actor& actor, const AuditQuery& q) {
  require(actor, core::Permission::kAuditView);
  core::FieldErrorCollector errors;
  store::journal::AuditFilter f;
  f.limit = kDefaultAuditPageSize;
  if (q.entity_type && !q.entity_type->empty()) {
    if (plain_word(*q.entity_type))
      f.entity_type = *q.entity_type;
    else
      errors.add("entity_type", "must be a word such as ticket, user or role");
  }
  if (q.entity_id) {
    f.entity_id = core::positive_int(*q.entity_id);
    if (!f.entity_id) errors.add("entity_id", "must be a positive id");
    if (!f.entity_type) errors.add("entity_id", "needs entity_type too");
  }
  if (q.actor_id) {
    f.actor_id = core::positive_int(*q.actor_id);
    if (!f.actor_id) errors.add("actor_id", "must be a positive id");
  }
  if (q.action && !q.action->empty()) {
    if (plain_word(*q.action))
      f.action = *q.action;
    else
      errors.add("action", "must be a word such as created or updated");
  }
  if (q.limit) {
    auto n = core::positive_int(*q.limit);
    if (n && *n <= kMaxAuditPageSize)
      f.limit = static_cast<int>(*n);
    else
      errors.add("limit", "must be from 1 to " + std::to_string(kMaxAuditPageSize));
  }
  if (q.cursor && !q.cursor->empty()) {
    // "a" + the id of the page's last entry: a version letter, so the
    // format can change without old cursors being misread.
    if (q.cursor->size() > 1 && (*q.cursor)[0] == 'a')
      f.before_id = core::positive_int(std::string_view(*q.cursor).substr(1));
    if (!f.before_id) errors.add("cursor", "is not a cursor this server issued");
  }
  errors.raise_if_any();
  const int page_size = f.limit;
  f.limit = page_size + 1;  // one more tells whether another page follows
  AuditPage page;
  ctx_.db.read([&](store::Connection& c) {
    std::vector<store::AuditRecord> rows = store::journal::audit_entries(c, f);
    if (rows.size() > static_cast<size_t>(page_size)) {
      rows.resize(static_cast<size_t>(page_size));
      page.next_cursor = "a" + std::to_string(rows.back().id);
    }
    std::map<std::string, std::string> names = store::journal::audit_target_names(c, rows);
    for (store::AuditRecord& row : rows) {
      std::optional<std::string> name;
      if (row.entity_id) {
        auto found = names.find(row.entity_type + "#" + std::to_string(*row.entity_id));
        if (found != names.end()) name = found->second;
      }
      if (!name) name = recorded_name(row);
      page.data.push_back(AuditEntry{std::move(row), std::move(name)});
    }
  });
  return page;
}

}  // namespace escalated::services
