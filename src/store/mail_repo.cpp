#include "store/mail_repo.h"

#include <algorithm>

#include "store/lease.h"

namespace escalated::store::mail {
namespace {

constexpr const char* kColumns =
    "id, event_id, template, ticket_id, recipient_id, to_address, subject, message_id, body, "
    "status, attempts, last_error, next_attempt_at, sent_at, created_at, updated_at, locale";
// The listing leaves the bodies out ('' in their place): they can be large.
constexpr const char* kListColumns =
    "id, event_id, template, ticket_id, recipient_id, to_address, subject, message_id, '', "
    "status, attempts, last_error, next_attempt_at, sent_at, created_at, updated_at, locale";

MailRecord read_mail(const Row& r) {
  MailRecord m;
  m.id = r.i64(0);
  m.event_id = r.i64(1);
  m.template_key = r.text(2);
  m.ticket_id = r.opt_i64(3);
  m.recipient_id = r.opt_i64(4);
  m.to_address = r.text(5);
  m.subject = r.text(6);
  m.message_id = r.text(7);
  m.body = r.text(8);
  m.status = r.text(9);
  m.attempts = static_cast<int>(r.i64(10));
  m.last_error = r.opt_text(11);
  m.next_attempt_at = r.i64(12);
  m.sent_at = r.opt_i64(13);
  m.created_at = r.i64(14);
  m.updated_at = r.i64(15);
  m.locale = r.text(16);
  return m;
}

}  // namespace

std::optional<std::int64_t> insert_if_new(Connection& c, const MailRecord& m) {
  ResultSet rs = c.query(
      "INSERT INTO mail_messages (event_id, template, ticket_id, recipient_id, to_address, "
      "subject, message_id, body, status, attempts, last_error, next_attempt_at, created_at, "
      "updated_at, locale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) "
      "ON CONFLICT (event_id, to_address) WHERE event_id <> 0 DO NOTHING RETURNING id",
      {m.event_id, m.template_key, m.ticket_id, m.recipient_id, m.to_address, m.subject,
       m.message_id, m.body, m.status, m.last_error, m.next_attempt_at, m.created_at, m.created_at,
       m.locale});
  if (rs.empty()) return std::nullopt;
  return rs.first().i64(0);
}

void set_content(Connection& c, std::int64_t id, const std::string& message_id,
                 const std::string& body) {
  c.execute("UPDATE mail_messages SET message_id = ?, body = ? WHERE id = ?",
            {message_id, body, id});
}

std::optional<MailRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs =
      c.query(std::string("SELECT ") + kColumns + " FROM mail_messages WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_mail(rs.first());
}

std::vector<MailRecord> recent(Connection& c, const std::optional<std::string>& status, int limit) {
  std::string sql = std::string("SELECT ") + kListColumns + " FROM mail_messages";
  Params params;
  if (status) {
    sql += " WHERE status = ?";
    params.emplace_back(*status);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(limit);
  std::vector<MailRecord> out;
  for (const Row& r : c.query(sql, params).rows) out.push_back(read_mail(r));
  return out;
}

std::vector<MailRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit) {
  static constexpr LeasedTable kQueue{"mail_messages", "next_attempt_at", "status = 'queued'", "",
                                      kColumns};
  std::vector<MailRecord> out;
  for (const Row& r : claim_leased(c, kQueue, now, lease_until, limit).rows)
    out.push_back(read_mail(r));
  std::sort(out.begin(), out.end(), [](const MailRecord& a, const MailRecord& b) {
    return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at
                                                  : a.id < b.id;
  });
  return out;
}

void settle(Connection& c, std::int64_t id, const std::string& status, int attempts,
            Millis next_attempt_at, const std::optional<std::string>& last_error,
            std::optional<Millis> sent_at, Millis now) {
  c.execute(
      "UPDATE mail_messages SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
      "sent_at = ?, locked_until = NULL, updated_at = ? WHERE id = ?",
      {status, attempts, next_attempt_at, last_error, sent_at, now, id});
}

namespace {

constexpr const char* kTemplateColumns =
    "SELECT template_key, locale, subject, body_text, body_html, updated_at FROM mail_templates ";

TemplateRecord read_template(const Row& r) {
  return TemplateRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.i64(5)};
}

}  // namespace

std::optional<TemplateRecord> find_template(Connection& c, const std::string& key,
                                            const std::string& locale) {
  ResultSet rs = c.query(std::string(kTemplateColumns) + "WHERE template_key = ? AND locale = ?",
                         {key, locale});
  if (rs.empty()) return std::nullopt;
  return read_template(rs.first());
}

std::vector<TemplateRecord> list_templates(Connection& c) {
  std::vector<TemplateRecord> out;
  for (const Row& r : c.query(std::string(kTemplateColumns) + "ORDER BY template_key, locale").rows)
    out.push_back(read_template(r));
  return out;
}

void upsert_template(Connection& c, const TemplateRecord& t) {
  c.execute(
      "INSERT INTO mail_templates (template_key, locale, subject, body_text, body_html, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (template_key, locale) DO UPDATE SET "
      "subject = excluded.subject, body_text = excluded.body_text, body_html = "
      "excluded.body_html, updated_at = excluded.updated_at",
      {t.key, t.locale, t.subject, t.body_text, t.body_html, t.updated_at});
}

bool delete_template(Connection& c, const std::string& key, const std::string& locale) {
  return c.execute("DELETE FROM mail_templates WHERE template_key = ? AND locale = ?",
                   {key, locale}) > 0;
}

}  // namespace escalated::store::mail
