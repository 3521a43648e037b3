// The JSON shapes of tickets, replies and timeline entries, as the API shows
// them and as event payloads carry them. One encoder serves both, so a
// webhook receiver sees exactly what an agent's API client sees.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/satisfaction_repo.h"

namespace escalated::services {

// A ticket's SLA clock as people read it: the due times in force and whether
// each target was missed (fired by a job, or met late, or simply past due).
struct SlaView {
  std::int64_t policy_id = 0;
  std::optional<core::Millis> first_response_due_at;
  std::optional<core::Millis> resolution_due_at;
  std::optional<core::Millis> first_response_at;
  bool first_response_breached = false;
  bool resolution_breached = false;
  bool paused = false;
};

// A ticket with its tags and SLA clock, ready to encode.
struct TicketView {
  store::TicketRecord ticket;
  std::vector<store::TagRecord> tags;
  std::optional<SlaView> sla;  // none when no policy applies
};

boost::json::value time_or_null(const std::optional<core::Millis>& instant);
boost::json::value sla_json(const std::optional<SlaView>& sla);
boost::json::object ticket_json(const TicketView& view, const std::string& reference_prefix);
// With `attachments` (the reply's files, as attachment_json shows them).
boost::json::object reply_json(const store::ReplyRecord& reply);
// {id, filename, size, mime_type, url}
boost::json::object attachment_json(const store::AttachmentRecord& attachment);
boost::json::array attachments_json(const std::vector<store::AttachmentRecord>& attachments);
// A ticket's satisfaction rating: {rating, comment, created_at, updated_at};
// null when the requester has not rated it.
boost::json::value satisfaction_json(
    const std::optional<store::satisfaction::RatingRecord>& rating);
boost::json::object activity_json(const store::ActivityRecord& activity);
boost::json::object tag_json(const store::TagRecord& tag);
boost::json::object department_json(const store::DepartmentRecord& department);
boost::json::object user_json(const store::UserRecord& user);

}  // namespace escalated::services
