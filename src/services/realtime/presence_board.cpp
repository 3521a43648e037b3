#include "services/realtime/presence_board.h"

#include "security/tokens.h"
#include "store/viewer_repo.h"

namespace escalated::services {

namespace {
const core::SystemClock kWallClock;
}  // namespace

PresenceBoard::PresenceBoard(store::Database& db) : PresenceBoard(db, kWallClock) {}

PresenceBoard::PresenceBoard(store::Database& db, const core::Clock& clock)
    : db_(db), clock_(clock), node_id_(security::random_token(12)) {}

void PresenceBoard::publish(const std::map<std::int64_t, Viewers>& tickets) {
  if (tickets.empty()) return;
  core::Millis expires_at = clock_.now() + kLifetime;
  db_.write([&](store::Connection& c) {
    for (const auto& [ticket_id, viewers] : tickets) {
      std::vector<store::viewers::Viewer> rows;
      for (const auto& [user_id, name] : viewers) rows.push_back({user_id, name});
      store::viewers::replace(c, node_id_, ticket_id, rows, expires_at);
    }
  });
}

bool PresenceBoard::renew_when_due() {
  core::Millis now = clock_.now();
  if (now < next_renewal_) return false;
  db_.write([&](store::Connection& c) {
    store::viewers::refresh(c, node_id_, now + kLifetime);
    store::viewers::delete_expired(c, now);
  });
  next_renewal_ = now + kRenewEvery;
  return true;
}

std::map<std::int64_t, PresenceBoard::Viewers> PresenceBoard::others(
    const std::vector<std::int64_t>& ticket_ids) {
  std::map<std::int64_t, Viewers> out;
  if (ticket_ids.empty()) return out;
  core::Millis now = clock_.now();
  auto rows = db_.read(
      [&](store::Connection& c) { return store::viewers::live(c, ticket_ids, now, node_id_); });
  for (auto& row : rows) out[row.ticket_id].emplace(row.user_id, std::move(row.name));
  return out;
}

void PresenceBoard::leave() {
  db_.write([&](store::Connection& c) { store::viewers::remove_node(c, node_id_); });
}

}  // namespace escalated::services
