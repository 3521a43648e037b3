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

// Every status named must exist. Statuses left out have no way out, which an
// admin may want (a terminal "closed").
core::TransitionTable transition_table(const TransitionNames& names,
                                       core::FieldErrorCollector& errors) {
  std::map<core::TicketStatus, std::set<core::TicketStatus>> allowed;
  for (const auto& [from_name, targets] : names) {
    auto from = core::parse_status(from_name);
    if (!from) {
      errors.add(kStatusTransitionsKey, "names an unknown status: " + from_name);
      continue;
    }
    auto& set = allowed[*from];
    for (const auto& target : targets) {
      auto to = core::parse_status(target);
      if (!to) {
        errors.add(kStatusTransitionsKey, from_name + " lists an unknown status");
      } else if (*to == *from) {
        errors.add(kStatusTransitionsKey, from_name + " may not move to itself");
      } else {
        set.insert(*to);
      }
    }
  }
  return core::TransitionTable(allowed);
}

// The stored table as named; nullopt when it is not {"status": ["target", ...]}.
std::optional<TransitionNames> stored_transition_names(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  TransitionNames names;
  for (const auto& [from_name, targets] : v.as_object()) {
    if (!targets.is_array()) return std::nullopt;
    auto& [from, to] = names.emplace_back(std::string(from_name), std::vector<std::string>{});
    for (const auto& t : targets.as_array()) {
      if (!t.is_string()) return std::nullopt;
      to.emplace_back(t.as_string());
    }
  }
  return names;
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
  // A stored value was checked when written; if it was damaged since, the
  // default workflow is the safe fallback.
  auto names = stored_transition_names(parse_stored(*stored));
  if (!names) return core::TransitionTable::defaults();
  core::FieldErrorCollector errors;
  core::TransitionTable table = transition_table(*names, errors);
  if (!errors.empty()) return core::TransitionTable::defaults();
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

json::object SettingsService::update(const core::Actor& actor, const SettingsChanges& changes) {
  require(actor, core::Permission::kSettingsManage);
  core::FieldErrorCollector errors;
  std::map<std::string, std::string> to_store;
  if (changes.status_transitions) {
    core::TransitionTable table = transition_table(*changes.status_transitions, errors);
    to_store[kStatusTransitionsKey] = json::serialize(transitions_json(table));
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
