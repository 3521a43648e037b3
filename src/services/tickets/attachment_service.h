// Attachments: checks uploads against the limits, stores them with a reply
// or a new ticket (inside that change's transaction), and hands them out to
// those who may see the ticket.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "services/base/journal.h"
#include "services/tickets/attachment_store.h"
#include "store/records.h"

namespace escalated::services {

// One uploaded file as the request carried it.
struct Upload {
  std::string filename;
  std::string content_type;  // the part's "type/subtype", "" when absent
  std::string data;
};

struct Download {
  store::AttachmentRecord attachment;
  std::string bytes;
};

class AttachmentService {
 public:
  AttachmentService(ServiceContext& ctx, AttachmentStore& store) : ctx_(ctx), store_(store) {}

  // Before anything is written: 422 (`attachments`) over MaxPerReply, 413
  // for a file over MaxSizeKb.
  void check(const std::vector<Upload>& uploads) const;

  // Inside the caller's transaction: writes each blob (before the commit; a
  // rollback leaves an orphaned blob, harmless since blobs are
  // content-addressed), its row, a timeline entry `attachment_added` and an
  // audit row. reply_id is nullopt for the ticket's first message.
  std::vector<store::AttachmentRecord> attach(store::Connection& c, Journal& journal,
                                              const core::Actor& actor, std::int64_t ticket_id,
                                              std::optional<std::int64_t> reply_id,
                                              const std::vector<Upload>& uploads);

  // The ticket's attachments with their URLs.
  std::vector<store::AttachmentRecord> of_ticket(store::Connection& c, std::int64_t ticket_id);

  // The file, when the caller may see it: customers only on their own
  // tickets and never on internal notes. NotFound otherwise.
  Download download(const core::Actor& actor, std::int64_t id);

 private:
  void decorate(store::AttachmentRecord& a) const;

  ServiceContext& ctx_;
  AttachmentStore& store_;
};

// No path (only what follows the last / or \), no control characters, valid
// UTF-8, at most 255 bytes; "attachment" when nothing is left.
std::string sanitize_filename(std::string_view name);
// "type/subtype" in lower case, or application/octet-stream.
std::string normalize_mime_type(std::string_view type);

}  // namespace escalated::services
