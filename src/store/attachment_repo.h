// Attachment metadata; the bytes are in the attachment store.
#pragma once

#include <optional>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::attachments {

std::int64_t insert(Connection& c, const AttachmentRecord& a);
std::optional<AttachmentRecord> find(Connection& c, std::int64_t id);
// Every attachment of the ticket, in upload order.
std::vector<AttachmentRecord> of_ticket(Connection& c, std::int64_t ticket_id);

}  // namespace escalated::store::attachments
