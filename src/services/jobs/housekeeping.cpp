#include "services/jobs/housekeeping.h"

#include <spdlog/spdlog.h>
#include <chrono>

#include "store/guest_link_repo.h"
#include "store/login_failure_repo.h"
#include "store/maintenance.h"
#include "store/retention.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace {

constexpr int kPruneBatch = 2000;
constexpr core::Millis kDay = 24LL * 3600 * 1000;
// Merge steps of the full-text indexes per round (store::merge_search_indexes):
// a few seconds of writing an hour at most, in steps of milliseconds, more
// than a busy helpdesk's hour of new tickets and replies needs.
constexpr int kSearchMergeSteps = 100;

// Deletes in short transactions until a batch comes back short, so other
// writers get the lock in between.
template <typename Prune>
void prune(store::Database& db, int days, core::Millis now, Prune prune_batch) {
  if (days <= 0) return;
  core::Millis before = now - days * kDay;
  while (db.write([&](store::Connection& c) { return prune_batch(c, before, kPruneBatch); }) ==
         kPruneBatch) {
  }
}

}  // namespace

void Housekeeping::run_once() {
  store::refresh_planner_statistics(ctx_.db);
  store::merge_search_indexes(ctx_.db, kSearchMergeSteps);
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) { store::users::delete_expired_sessions(c, now); });
  while (ctx_.db.write([&](store::Connection& c) {
    return store::login_failures::delete_idle(c, now, kPruneBatch);
  }) == kPruneBatch) {
  }
  // An expired magic link opens nothing (GuestService checks expires_at);
  // deleting it only keeps the table to the links that still work.
  while (ctx_.db.write([&](store::Connection& c) {
    return store::guest_links::delete_expired(c, now, kPruneBatch);
  }) == kPruneBatch) {
  }
  const RetentionOptions& keep = ctx_.options.retention;
  prune(ctx_.db, keep.events_days, now, store::retention::prune_dispatched_events);
  prune(ctx_.db, keep.mail_days, now, store::retention::prune_finished_mail);
  prune(ctx_.db, keep.webhook_deliveries_days, now,
        store::retention::prune_finished_webhook_deliveries);
}

void Housekeeping::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; })) {
      lock.unlock();
      try {
        run_once();
      } catch (const std::exception& e) {
        spdlog::error("housekeeping: {}", e.what());
      }
      lock.lock();
    }
  });
}

void Housekeeping::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace escalated::services
