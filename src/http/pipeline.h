// The middleware chain every request passes through before its handler.
// Each middleware sees the Exchange, may answer at once (refusing the
// request) or call `next` and adjust what comes back; the order of use()
// is the order of passage, outermost first.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "escalated/http.h"
#include "http/router.h"

namespace escalated::http {

// One request on its way through the chain, and what the chain has learnt.
struct Exchange {
  explicit Exchange(const Request& r) : request(r), path(r.path()) {}

  const Request& request;
  std::string_view path;  // below the mount point once the mount middleware ran
  // The client's address: the peer, or behind TrustedProxies the forwarded
  // one (core/client_address.h). What budgets, sign-in locks and logs count.
  std::string client_address;
  std::optional<core::Actor> actor;
  bool cookie_auth = false;  // identified by the session cookie (so CSRF applies)
  std::string csrf_token;    // the session's token, when cookie_auth
  // Set when an API token identified the caller: what the token may do.
  std::optional<std::vector<std::string>> token_abilities;
  std::optional<std::int64_t> token_id;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

using Next = std::function<Response(Exchange&)>;
using Middleware = std::function<Response(Exchange&, const Next&)>;

class Pipeline {
 public:
  void use(Middleware middleware) { chain_.push_back(std::move(middleware)); }
  // Runs the chain, then `terminal` (the route's handler).
  Response run(Exchange& exchange, const Next& terminal) const;

 private:
  Response step(size_t index, Exchange& exchange, const Next& terminal) const;
  std::vector<Middleware> chain_;
};

}  // namespace escalated::http
