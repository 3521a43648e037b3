#include "services/access/shared_login_failures.h"

#include <charconv>

#include "security/tokens.h"
#include "store/login_failure_repo.h"

namespace escalated::services {
namespace {

using store::login_failures::LoginFailureRecord;

std::string join_times(const std::vector<core::Millis>& times) {
  std::string out;
  for (core::Millis t : times) out += (out.empty() ? "" : ",") + std::to_string(t);
  return out;
}

// The inverse of join_times; anything unreadable is passed over (a record
// that lost a failure time errs towards letting someone sign in).
std::vector<core::Millis> split_times(std::string_view text) {
  std::vector<core::Millis> out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    core::Millis t = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), t);
    if (ec == std::errc() && end == part.data() + part.size()) out.push_back(t);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

void SharedLoginFailures::update(const std::vector<std::string>& keys, const Change& change) {
  std::vector<std::string> hashes;
  for (const std::string& key : keys) hashes.push_back(security::sha256_hex(key));
  db_.write([&](store::Connection& c) {
    auto kept = store::login_failures::lock_and_load(c, hashes);
    std::vector<security::LoginFailures> records(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      auto it = kept.find(hashes[i]);
      if (it == kept.end()) continue;
      records[i] = {split_times(it->second.recent), it->second.lockouts, it->second.locked_until,
                    it->second.last_failure};
    }
    change(records);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const security::LoginFailures& f = records[i];
      if (f.empty()) {
        if (kept.contains(hashes[i])) store::login_failures::erase(c, hashes[i]);
        continue;
      }
      store::login_failures::save(
          c,
          LoginFailureRecord{hashes[i], join_times(f.recent), f.lockouts, f.locked_until,
                             f.last_failure, std::max(f.last_failure, f.locked_until) + window_});
    }
  });
}

std::size_t SharedLoginFailures::size() const {
  return static_cast<std::size_t>(
      db_.read([](store::Connection& c) { return store::login_failures::count(c); }));
}

}  // namespace escalated::services
