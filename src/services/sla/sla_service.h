// The admin side of SLAs: business calendars and SLA policies. Every change
// is audited and makes the SLA engine recompute the clocks of open tickets
// (in the background, in batches), so due times always follow the policy in
// force.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "services/sla/sla_engine.h"
#include "store/sla_repo.h"

namespace escalated::services {

class SlaService {
 public:
  SlaService(ServiceContext& ctx, SlaEngine& engine) : ctx_(ctx), engine_(engine) {}

  // Reading is open to staff (agents see what their tickets run under);
  // changes need an admin. Bodies are the JSON shapes of services/sla/sla_json.h;
  // updates change only the fields present.
  std::vector<store::sla::BusinessScheduleRecord> list_schedules(const core::Actor& actor);
  store::sla::BusinessScheduleRecord get_schedule(const core::Actor& actor, std::int64_t id);
  store::sla::BusinessScheduleRecord create_schedule(const core::Actor& actor,
                                                     const boost::json::object& body);
  store::sla::BusinessScheduleRecord update_schedule(const core::Actor& actor, std::int64_t id,
                                                     const boost::json::object& body);
  // 409 while a policy uses it.
  void delete_schedule(const core::Actor& actor, std::int64_t id);

  std::vector<store::sla::PolicyRecord> list_policies(const core::Actor& actor);
  store::sla::PolicyRecord get_policy(const core::Actor& actor, std::int64_t id);
  store::sla::PolicyRecord create_policy(const core::Actor& actor, const boost::json::object& body);
  store::sla::PolicyRecord update_policy(const core::Actor& actor, std::int64_t id,
                                         const boost::json::object& body);
  // Tickets on it move to the policy that matches them now.
  void delete_policy(const core::Actor& actor, std::int64_t id);

 private:
  void changed(store::Connection& c, core::Millis now);

  ServiceContext& ctx_;
  SlaEngine& engine_;
};

}  // namespace escalated::services
