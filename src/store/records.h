// Rows as the repositories read and write them. Plain data: the rules that
// govern them live in core/ and services/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enums.h"
#include "core/ticket_status.h"

namespace escalated::store {

using core::Millis;

struct UserRecord {
  std::int64_t id = 0;
  std::string name;
  std::string email;  // stored lower-case
  std::string password_hash;
  core::Role role = core::Role::kCustomer;
  bool active = true;
  std::optional<std::string> external_id;
  Millis created_at = 0;
  Millis updated_at = 0;
  // Chosen by the user or an admin; unset, the browser's language and zone.
  std::optional<std::string> locale;    // one of core::kLocales
  std::optional<std::string> timezone;  // an IANA zone
};

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  Millis created_at = 0;
  Millis expires_at = 0;
};

struct DepartmentRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  bool active = true;
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct TagRecord {
  std::int64_t id = 0;
  std::string name;
  std::string color;
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct TicketRecord {
  std::int64_t id = 0;
  std::string subject;
  std::string description;
  core::TicketStatus status = core::TicketStatus::kOpen;
  core::Priority priority = core::Priority::kMedium;
  core::TicketType ticket_type = core::TicketType::kQuestion;
  core::Channel channel = core::Channel::kWeb;
  std::optional<std::int64_t> requester_id;
  std::optional<std::string> guest_name;
  std::optional<std::string> guest_email;
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> department_id;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::optional<Millis> resolved_at;
  std::optional<Millis> closed_at;
  std::optional<Millis> first_response_at;
  // Hidden from the queue until then (or a customer reply, or unsnooze).
  std::optional<Millis> snoozed_until;
  // The instants the rule engine's hours_since_* conditions read.
  std::optional<Millis> assigned_at;
  std::optional<Millis> last_customer_reply_at;
  std::optional<Millis> last_agent_reply_at;
  // The description as safe HTML, rendered when written (NULL for rows older
  // than the column: render on read).
  std::optional<std::string> description_html;

  // Filled by reads that join the people and department a ticket names.
  std::string requester_name, requester_email, assignee_name, department_name;
};

// A file uploaded with a reply or with the ticket's first message. `url` is
// not stored: the service fills it in from the configured route prefix.
struct AttachmentRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> reply_id;  // none: the ticket's first message
  std::string filename;
  std::string mime_type;
  std::int64_t size = 0;
  std::string sha256;
  std::optional<std::int64_t> uploaded_by;
  Millis created_at = 0;
  std::string url;
};

struct ReplyRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> author_id;
  std::string body;
  bool is_internal_note = false;
  Millis created_at = 0;
  std::optional<std::string> body_html;  // rendered when written, as description_html
  // False for mail filed on a ticket by its subject reference alone, from a
  // sender nothing proved (issue 13, item 8).
  bool verified = true;
  // Joined: the author's name and role, when there is an author.
  std::string author_name;
  std::optional<core::Role> author_role;
  // Filled in by the service where the API shows them.
  std::vector<AttachmentRecord> attachments;
};

struct ActivityRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> actor_id;
  std::string type;
  std::string data_json = "{}";
  Millis created_at = 0;
  std::string actor_name;  // joined
};

struct AuditRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> actor_id;
  std::string entity_type;
  std::optional<std::int64_t> entity_id;
  std::string action;
  std::optional<std::string> old_values_json;
  std::optional<std::string> new_values_json;
  Millis created_at = 0;
  std::optional<std::string> actor_name;  // joined when read, not written
};

struct OutboxRecord {
  std::int64_t id = 0;
  std::string event_type;
  std::optional<std::int64_t> ticket_id;
  std::string payload_json;
  Millis created_at = 0;
};

}  // namespace escalated::store
