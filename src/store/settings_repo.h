// Key/value settings that admins change at run time (JSON text values).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::settings {

std::optional<std::string> get(Connection& c, const std::string& key);
std::map<std::string, std::string> all(Connection& c);
void put(Connection& c, const std::string& key, const std::string& value_json, Millis now);

}  // namespace escalated::store::settings
