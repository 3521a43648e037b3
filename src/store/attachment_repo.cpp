#include "store/attachment_repo.h"

namespace escalated::store::attachments {
namespace {

constexpr const char* kSelect =
    "SELECT id, ticket_id, reply_id, filename, mime_type, size, sha256, uploaded_by, created_at "
    "FROM attachments";

AttachmentRecord read(const Row& r) {
  AttachmentRecord a;
  a.id = r.i64(0);
  a.ticket_id = r.i64(1);
  a.reply_id = r.opt_i64(2);
  a.filename = r.text(3);
  a.mime_type = r.text(4);
  a.size = r.i64(5);
  a.sha256 = r.text(6);
  a.uploaded_by = r.opt_i64(7);
  a.created_at = r.i64(8);
  return a;
}

}  // namespace

std::int64_t insert(Connection& c, const AttachmentRecord& a) {
  return c
      .query(
          "INSERT INTO attachments (ticket_id, reply_id, filename, mime_type, size, sha256, "
          "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {a.ticket_id, a.reply_id, a.filename, a.mime_type, a.size, a.sha256, a.uploaded_by,
           a.created_at})
      .first()
      .i64(0);
}

std::optional<AttachmentRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read(rs.first());
}

std::vector<AttachmentRecord> of_ticket(Connection& c, std::int64_t ticket_id) {
  std::vector<AttachmentRecord> out;
  for (const Row& r :
       c.query(std::string(kSelect) + " WHERE ticket_id = ? ORDER BY id", {ticket_id}).rows)
    out.push_back(read(r));
  return out;
}

}  // namespace escalated::store::attachments
