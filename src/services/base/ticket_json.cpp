#include "services/base/ticket_json.h"

#include <boost/json/parse.hpp>

#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "security/markdown.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;

json::value time_or_null(const std::optional<core::Millis>& instant) {
  if (!instant) return nullptr;
  return json::value(core::format_rfc3339(*instant));
}

json::object tag_json(const store::TagRecord& tag) {
  return {{"id", tag.id}, {"name", tag.name}, {"color", tag.color}};
}

json::object ticket_json(const TicketView& view, const std::string& reference_prefix) {
  const store::TicketRecord& t = view.ticket;
  json::object o;
  o["id"] = t.id;
  o["reference"] = core::format_reference(reference_prefix, t.id);
  o["subject"] = t.subject;
  o["description"] = t.description;
  o["description_html"] =
      t.description_html ? *t.description_html : security::render_markdown(t.description);
  o["status"] = core::to_string(t.status);
  o["priority"] = core::to_string(t.priority);
  o["ticket_type"] = core::to_string(t.ticket_type);
  o["channel"] = core::to_string(t.channel);
  if (t.requester_id) {
    o["requester"] = json::object{
        {"id", *t.requester_id}, {"name", t.requester_name}, {"email", t.requester_email}};
  } else {
    o["requester"] = nullptr;
  }
  if (t.guest_email || t.guest_name) {
    o["guest"] =
        json::object{{"name", t.guest_name.value_or("")}, {"email", t.guest_email.value_or("")}};
  } else {
    o["guest"] = nullptr;
  }
  if (t.assignee_id) {
    o["assignee"] = json::object{{"id", *t.assignee_id}, {"name", t.assignee_name}};
  } else {
    o["assignee"] = nullptr;
  }
  if (t.department_id) {
    o["department"] = json::object{{"id", *t.department_id}, {"name", t.department_name}};
  } else {
    o["department"] = nullptr;
  }
  json::array tags;
  for (const auto& tag : view.tags) tags.push_back(tag_json(tag));
  o["tags"] = std::move(tags);
  o["created_at"] = core::format_rfc3339(t.created_at);
  o["updated_at"] = core::format_rfc3339(t.updated_at);
  o["resolved_at"] = time_or_null(t.resolved_at);
  o["closed_at"] = time_or_null(t.closed_at);
  o["first_response_at"] = time_or_null(t.first_response_at);
  o["snoozed_until"] = time_or_null(t.snoozed_until);
  o["sla"] = sla_json(view.sla);
  return o;
}

json::value sla_json(const std::optional<SlaView>& sla) {
  if (!sla) return nullptr;
  return json::object{{"policy_id", sla->policy_id},
                      {"first_response_due_at", time_or_null(sla->first_response_due_at)},
                      {"resolution_due_at", time_or_null(sla->resolution_due_at)},
                      {"first_response_at", time_or_null(sla->first_response_at)},
                      {"first_response_breached", sla->first_response_breached},
                      {"resolution_breached", sla->resolution_breached},
                      {"paused", sla->paused}};
}

json::object reply_json(const store::ReplyRecord& r) {
  json::object o;
  o["id"] = r.id;
  o["ticket_id"] = r.ticket_id;
  o["body"] = r.body;
  o["body_html"] = r.body_html ? *r.body_html : security::render_markdown(r.body);
  o["is_internal_note"] = r.is_internal_note;
  o["verified"] = r.verified;
  if (r.author_id) {
    o["author"] = json::object{
        {"id", *r.author_id},
        {"name", r.author_name},
        {"role", r.author_role ? json::value(core::to_string(*r.author_role)) : json::value()}};
  } else {
    o["author"] = nullptr;
  }
  o["created_at"] = core::format_rfc3339(r.created_at);
  o["attachments"] = attachments_json(r.attachments);
  return o;
}

json::object attachment_json(const store::AttachmentRecord& a) {
  return {{"id", a.id},
          {"filename", a.filename},
          {"size", a.size},
          {"mime_type", a.mime_type},
          {"url", a.url}};
}

json::array attachments_json(const std::vector<store::AttachmentRecord>& attachments) {
  json::array out;
  for (const auto& a : attachments) out.push_back(attachment_json(a));
  return out;
}

json::value satisfaction_json(const std::optional<store::satisfaction::RatingRecord>& r) {
  if (!r) return nullptr;
  return json::object{{"rating", r->rating},
                      {"comment", r->comment ? json::value(*r->comment) : json::value()},
                      {"created_at", core::format_rfc3339(r->created_at)},
                      {"updated_at", core::format_rfc3339(r->updated_at)}};
}

json::object activity_json(const store::ActivityRecord& a) {
  json::object o;
  o["id"] = a.id;
  o["type"] = a.type;
  if (a.actor_id) {
    o["actor"] = json::object{{"id", *a.actor_id}, {"name", a.actor_name}};
  } else {
    o["actor"] = nullptr;
  }
  o["data"] = stored_object(a.data_json);
  o["created_at"] = core::format_rfc3339(a.created_at);
  return o;
}

json::object department_json(const store::DepartmentRecord& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"description", d.description},
          {"active", d.active},
          {"created_at", core::format_rfc3339(d.created_at)},
          {"updated_at", core::format_rfc3339(d.updated_at)}};
}

json::object user_json(const store::UserRecord& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"email", u.email},
          {"role", core::to_string(u.role)},
          {"active", u.active}};
}

}  // namespace escalated::services
