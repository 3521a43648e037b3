#include "store/settings_repo.h"

namespace escalated::store::settings {

std::optional<std::string> get(Connection& c, const std::string& key) {
  auto v = c.scalar("SELECT value FROM settings WHERE key = ?", {key});
  if (!v) return std::nullopt;
  return v->as_text();
}

std::map<std::string, std::string> all(Connection& c) {
  std::map<std::string, std::string> out;
  for (const Row& r : c.query("SELECT key, value FROM settings ORDER BY key").rows)
    out[r.text(0)] = r.text(1);
  return out;
}

void put(Connection& c, const std::string& key, const std::string& value_json, Millis now) {
  c.execute(
      "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      {key, value_json, now});
}

}  // namespace escalated::store::settings
