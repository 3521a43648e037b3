// Sign-in failures kept in the database, so that every node of a cluster
// counts the same failures: ten wrong passwords spread over three nodes
// behind a load balancer lock the account as ten on one node would. Each
// update is one short write transaction holding the keys' locks (see
// store/login_failure_repo.h); sign-in is rare and the password hash costs
// far more, so the write is not felt. Keys are stored as SHA-256.
#pragma once

#include "core/clock.h"
#include "security/rate_limiter.h"
#include "store/database.h"

namespace escalated::services {

class SharedLoginFailures : public security::LoginFailureStore {
 public:
  // `window`: how long after its last failure and its lock a record is kept
  // (LoginThrottleOptions::window); housekeeping deletes it after that.
  SharedLoginFailures(store::Database& db, core::Millis window) : db_(db), window_(window) {}

  void update(const std::vector<std::string>& keys, const Change& change) override;
  std::size_t size() const override;

 private:
  store::Database& db_;
  core::Millis window_;
};

}  // namespace escalated::services
