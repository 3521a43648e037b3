#include "services/catalog/settings_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/errors.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"
#include "store/settings_repo.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

// Reads {"status": ["target", ...]}; every status named must exist. Statuses
// left out have no way out, which an admin may want (a terminal "closed").
core::TransitionTable parse_transitions(const json::value& v, core::FieldErrorCollector& errors) {
  std::map<core::TicketStatus, std::set<core::TicketStatus>> allowed;
  if (!v.is_object()) {
    errors.add(kStatusTransitionsKey, "must be an object of status -> [statuses]");
    return core::TransitionTable(allowed);
  }
  for (const auto& [from_name, targets] : v.as_object()) {
    auto from = core::parse_status(from_name);
    if (!from) {
      errors.add(kStatusTransitionsKey, "names an unknown status: " + std::string(from_name));
      continue;
    }
    if (!targets.is_array()) {
      errors.add(kStatusTransitionsKey, std::string(from_name) + " must list statuses");
      continue;
    }
    auto& set = allowed[*from];
    for (const auto& t : targets.as_array()) {
      auto to = t.is_string() ? core::parse_status(t.as_string()) : std::nullopt;
      if (!to) {
        errors.add(kStatusTransitionsKey, std::string(from_name) + " lists an unknown status");
      } else if (*to == *from) {
        errors.add(kStatusTransitionsKey, std::string(from_name) + " may not move to itself");
      } else {
        set.insert(*to);
      }
    }
  }
  return core::TransitionTable(allowed);
}

}  // namespace

core::TransitionTable SettingsCache::transitions(
    const std::function<core::TransitionTable()>& load) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (table_ && now - table_->first < std::chrono::seconds(1)) return table_->second;
  }
  core::TransitionTable fresh = load();
  std::lock_guard lock(mutex_);
  table_.emplace(now, fresh);
  return fresh;
}

void SettingsCache::clear() {
  std::lock_guard lock(mutex_);
  table_.reset();
}

core::TransitionTable load_transitions(store::Connection& c) {
  auto stored = store::settings::get(c, kStatusTransitionsKey);
  if (!stored) return core::TransitionTable::defaults();
  json::value v = parse_stored(*stored);
  core::FieldErrorCollector errors;
  core::TransitionTable table = parse_transitions(v, errors);
  // A stored value was checked when written; if it was damaged since, the
  // default workflow is the safe fallback.
  if (v.is_null() || !errors.empty()) return core::TransitionTable::defaults();
  return table;
}

json::object transitions_json(const core::TransitionTable& table) {
  json::object o;
  for (core::TicketStatus from : core::kAllStatuses) {
    json::array targets;
    for (core::TicketStatus to : table.targets(from)) targets.emplace_back(core::to_string(to));
    o[core::to_string(from)] = std::move(targets);
  }
  return o;
}

json::object SettingsService::get(const core::Actor& actor) {
  require(actor, core::Permission::kSettingsManage);
  return ctx_.db.read([](store::Connection& c) {
    json::object o;
    o[kStatusTransitionsKey] = transitions_json(load_transitions(c));
    return o;
  });
}

json::object SettingsService::update(const core::Actor& actor, const json::object& changes) {
  require(actor, core::Permission::kSettingsManage);
  core::FieldErrorCollector errors;
  std::map<std::string, std::string> to_store;
  for (const auto& [key, value] : changes) {
    if (key == kStatusTransitionsKey) {
      core::TransitionTable table = parse_transitions(value, errors);
      to_store[std::string(key)] = json::serialize(transitions_json(table));
    } else {
      errors.add(std::string(key), "is not a setting");
    }
  }
  errors.raise_if_any();
  ctx_.db.write([&](store::Connection& c) {
    core::Millis now = ctx_.clock.now();
    Journal journal(c, &actor, now);
    for (const auto& [key, value] : to_store) {
      auto before = store::settings::get(c, key);
      store::settings::put(c, key, value, now);
      journal.audit("setting", std::nullopt, "updated",
                    json::object{{"key", key}, {"value", before ? json::parse(*before) : nullptr}},
                    json::object{{"key", key}, {"value", json::parse(value)}});
    }
  });
  // Cleared after the commit: a reader between the two would cache the old value.
  ctx_.settings_cache.clear();
  return get(actor);
}

}  // namespace escalated::services
