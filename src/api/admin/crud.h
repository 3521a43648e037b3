// The skeleton every catalogue an admin manages shares: GET list, POST
// create, GET/PATCH/PUT/DELETE one. A section writes its five handlers and
// registers them in one call.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "core/permissions.h"
#include "http/request_context.h"
#include "http/router.h"

namespace escalated::api {

// Reading needs ticket.view (agents pick departments, tags and policies
// while they work); every change needs `manage`.
template <typename List, typename Get, typename Create, typename Update, typename Delete>
void crud(http::Router& router, const std::string& base, const std::string& noun,
          core::Permission manage, List list, Get get, Create create, Update update,
          Delete remove) {
  const http::Access read = http::Access::need(core::Permission::kTicketView);
  const http::Access write = http::Access::need(manage);
  router.add(
      "GET", base, read,
      [list](http::RequestContext& ctx) {
        return http::json_response(200, boost::json::object{{"data", list(ctx)}});
      },
      "List " + noun + "s");
  router.add(
      "POST", base, write,
      [create](http::RequestContext& ctx) { return http::json_response(201, create(ctx)); },
      "Create a " + noun);
  router.add(
      "GET", base + "/{id}", read,
      [get](http::RequestContext& ctx) { return http::json_response(200, get(ctx)); },
      "One " + noun);
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, base + "/{id}", write,
        [update](http::RequestContext& ctx) { return http::json_response(200, update(ctx)); },
        "Change a " + noun);
  }
  router.add(
      "DELETE", base + "/{id}", write,
      [remove](http::RequestContext& ctx) {
        remove(ctx);
        return http::no_content();
      },
      "Delete a " + noun);
}

}  // namespace escalated::api
