#include "services/events/outbox_follower.h"

#include <algorithm>

#include "store/journal_repo.h"

namespace escalated::services {

namespace {
constexpr int kBatch = 500;
constexpr auto kGapLifetime = std::chrono::seconds(10);
// A burst of rolled-back ids must not grow the set without bound.
constexpr std::size_t kMaxGaps = 1000;
}  // namespace

void OutboxFollower::start_at_end() {
  cursor_ = db_.read([](store::Connection& c) { return store::journal::last_event_id(c); });
  gaps_.clear();
}

void OutboxFollower::note_gaps(std::int64_t from, std::int64_t to, TimePoint now) {
  // Only the newest ids of a wide gap are worth waiting for.
  from = std::max(from, to - static_cast<std::int64_t>(kMaxGaps));
  for (std::int64_t id = from; id < to; ++id) gaps_.emplace(id, now + kGapLifetime);
  while (gaps_.size() > kMaxGaps) gaps_.erase(gaps_.begin());
}

std::vector<store::OutboxRecord> OutboxFollower::poll(TimePoint now) {
  std::vector<store::OutboxRecord> out;
  if (!gaps_.empty()) {
    std::vector<std::int64_t> ids;
    ids.reserve(gaps_.size());
    for (const auto& [id, expiry] : gaps_) ids.push_back(id);
    auto late =
        db_.read([&](store::Connection& c) { return store::journal::events_with_ids(c, ids); });
    for (auto& row : late) {
      gaps_.erase(row.id);
      out.push_back(std::move(row));
    }
  }
  while (true) {
    auto batch = db_.read(
        [&](store::Connection& c) { return store::journal::events_after(c, cursor_, kBatch); });
    for (auto& row : batch) {
      if (row.id > cursor_ + 1) note_gaps(cursor_ + 1, row.id, now);
      cursor_ = row.id;
      out.push_back(std::move(row));
    }
    if (batch.size() < static_cast<std::size_t>(kBatch)) break;
  }
  std::erase_if(gaps_, [now](const auto& gap) { return gap.second <= now; });
  // Late events go out in id order with the new ones.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace escalated::services
