// Saved views: a name, a query of the search language (core/ticket_search.h),
// a sort and the queue's columns, kept per agent or shared with all staff
// (sharing needs macro.manage, the permission for the team's shared tools).
// Anyone with ticket.view sees their own views and the shared ones, in the
// order they chose; owners change and delete their views, and holders of
// macro.manage the shared ones too. Running a view lists the tickets its
// query matches among those the caller may see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/ticket_query.h"
#include "services/base/context.h"
#include "services/tickets/ticket_service.h"
#include "store/saved_view_repo.h"

namespace escalated::services {

// The request's members as sent (nullopt: absent).
struct ViewInput {
  std::optional<std::string> name;
  std::optional<std::string> query;
  std::optional<std::string> sort;
  std::optional<std::vector<std::string>> columns;
  std::optional<bool> shared;
};

struct SavedView {
  store::saved_views::SavedViewRecord record;
  std::vector<std::string> columns;
  std::optional<std::int64_t> count;  // when asked for
};

// The columns a view may show, and those it shows when none are given.
const std::vector<std::string>& view_column_names();
inline constexpr std::int64_t kViewCountCap = 10000;

class SavedViewService {
 public:
  SavedViewService(ServiceContext& ctx, TicketService& tickets) : ctx_(ctx), tickets_(tickets) {}

  // The caller's views and the shared ones, in the caller's order; with
  // `counts`, each with how many tickets it matches (at most kViewCountCap).
  std::vector<SavedView> list(const core::Actor& actor, bool counts);
  // 422 naming the member (errors.query with a position for a query that
  // does not parse); 403 for `shared` without macro.manage.
  SavedView create(const core::Actor& actor, const ViewInput& input);
  // 404 for a view the caller does not see; 403 for one they may not change.
  SavedView update(const core::Actor& actor, std::int64_t id, const ViewInput& input);
  void remove(const core::Actor& actor, std::int64_t id);
  // `ids`: views the caller sees, in the order wanted (422 "ids" for any
  // other id or a repeat). Views left out come after, oldest first.
  std::vector<SavedView> reorder(const core::Actor& actor, const std::vector<std::int64_t>& ids);

  // A queue page of the view: its query joined to `query`'s own filters and
  // search; its sort unless `keep_sort`. 404 for a view the caller does not
  // see.
  TicketPage run(const core::Actor& actor, std::int64_t id, core::TicketQuery query,
                 bool keep_sort);

 private:
  SavedView checked(const core::Actor& actor, const ViewInput& input,
                    store::saved_views::SavedViewRecord record, bool creating);
  core::TicketQuery query_of(const store::saved_views::SavedViewRecord& view) const;

  ServiceContext& ctx_;
  TicketService& tickets_;
};

}  // namespace escalated::services
