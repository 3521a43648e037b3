// The ticket lifecycle: creation, the queue, replies and notes, status,
// priority, assignment, department and tags. Every change runs in one
// transaction that also writes the timeline, the audit log and the events.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "core/macro_actions.h"
#include "core/ticket_query.h"
#include "core/ticket_status.h"
#include "services/base/context.h"
#include "services/base/ticket_json.h"
#include "services/tickets/attachment_service.h"
#include "services/tickets/ticket_writer.h"
#include "store/follower_repo.h"

namespace escalated::services {

struct NewTicket {
  std::string subject;
  std::string description;
  std::optional<std::string> priority;     // default from Options
  std::optional<std::string> ticket_type;  // default "question"
  std::optional<std::int64_t> department_id;
  core::Channel channel = core::Channel::kWeb;
  // A ticket opened without an account (the widget): the guest's contact
  // goes on the ticket, and the requester is `host_user_id` (Guest.Policy
  // "guest_user") or nobody, instead of the caller.
  struct Guest {
    std::string name;
    std::string email;
    std::optional<std::int64_t> host_user_id;
  };
  std::optional<Guest> guest;
};

struct TicketDetail {
  TicketView view;
  std::vector<store::ReplyRecord> replies;           // notes only for staff, with attachments
  std::vector<store::AttachmentRecord> attachments;  // the first message's
  std::vector<store::ActivityRecord> activities;     // the timeline, for staff
  std::vector<core::TicketStatus> allowed_statuses;
  std::optional<store::satisfaction::RatingRecord> satisfaction;  // the requester's rating
  std::vector<store::followers::FollowerRecord> followers;        // for staff
};

struct TicketPage {
  std::vector<TicketView> items;
  std::optional<std::string> next_cursor;
};

// A tag named on a ticket by id or by name (names that do not exist yet are
// created).
struct TagRef {
  std::optional<std::int64_t> id;
  std::string name;
};

struct Dashboard {
  std::int64_t open = 0, mine = 0, unassigned = 0, resolved_today = 0;
};

// Runs inside the transaction of a new ticket or reply, after it is written:
// a caller's own row that must commit (or roll back) together with it, such
// as the record of the inbound e-mail that made it. reply_id is nullopt for
// a new ticket.
using AlsoInTransaction = std::function<void(store::Connection&, std::int64_t ticket_id,
                                             std::optional<std::int64_t> reply_id)>;

// What one action of a macro (or a bulk action) did, or would do, to a
// ticket: the field before and after (status, priority, assignee_id,
// department_id; the tag name; the reply or note as filled in), and whether
// it changed anything.
struct ActionOutcome {
  std::size_t index = 0;
  core::MacroActionType type = core::MacroActionType::kStatus;
  bool changed = false;
  boost::json::value from, to;
};

struct AppliedActions {
  TicketView view;  // the ticket after every action
  std::vector<ActionOutcome> outcomes;
};

class TicketService {
 public:
  TicketService(ServiceContext& ctx, TicketWriter& writer) : ctx_(ctx), writer_(writer) {}

  // Uploads go through this service (set once, before serving).
  void set_attachments(AttachmentService* attachments) { attachments_ = attachments; }

  // The caller becomes the requester. `uploads` are stored with the first
  // message (413/422 over the limits, and then nothing is written); what was
  // stored goes to `attached` when given.
  TicketView create(const core::Actor& actor, const NewTicket& input,
                    const std::vector<Upload>& uploads = {},
                    std::vector<store::AttachmentRecord>* attached = nullptr,
                    const AlsoInTransaction& also = {});
  // `key` is an id ("42") or a reference ("ESC-00042"). NotFound when the
  // ticket does not exist or the caller may not see it.
  TicketDetail get(const core::Actor& actor, std::string_view key);
  // The portal's view of the same ticket: public replies and their files
  // only, no internal note and no activity, whoever asks (staff included).
  TicketDetail get_public(const core::Actor& actor, std::string_view key);
  // The tickets the caller may see (ticket_visibility.h), whatever the
  // query says. A department the search names that does not exist is a 422
  // on "q" when `strict_search`, and matches nothing otherwise (a saved
  // view, checked when it was saved).
  TicketPage list(const core::Actor& actor, core::TicketQuery query, bool strict_search = true);
  // How many tickets list() would give over all its pages, counting no
  // further than `cap` (a saved view's count on the dashboard).
  std::int64_t count(const core::Actor& actor, core::TicketQuery query, std::int64_t cap,
                     bool strict_search = true);
  // Only the tickets the caller requested, staff included (the portal's list).
  TicketPage list_own(const core::Actor& actor, core::TicketQuery query);

  // What a reply to a closed ticket does: 409 (the portal and the API: the
  // customer reopens first, on purpose), or, for the requester only, reopen
  // the ticket in the same transaction (a customer's e-mail to it).
  // kUnverifiedMail: mail from the requester that nothing proved was theirs
  // (issue 13, item 8): filed with verified = false, and a resolved or
  // closed ticket keeps its status (the reply is filed on it all the same).
  enum class WhenClosed { kRefuse, kReopenForRequester, kUnverifiedMail };
  // A public reply or (staff only) an internal note. Moves the status as
  // core/ticket_rules.h says; 409 on a closed ticket unless `when_closed`
  // says otherwise. `uploads` are stored with it, as for create().
  store::ReplyRecord reply(const core::Actor& actor, std::string_view key, const std::string& body,
                           bool internal_note, const std::vector<Upload>& uploads = {},
                           const AlsoInTransaction& also = {},
                           WhenClosed when_closed = WhenClosed::kRefuse,
                           std::optional<core::Millis> expected_updated_at = std::nullopt);
  // Each change below (and reply) takes the `updated_at` the caller last
  // saw: when the ticket changed since, 409 with the ticket as it is now
  // (member "ticket") and the newest timeline entry ("last_change"), and
  // nothing is written.
  TicketView change_status(const core::Actor& actor, std::string_view key,
                           const std::string& status,
                           std::optional<core::Millis> expected_updated_at = std::nullopt);
  TicketView change_priority(const core::Actor& actor, std::string_view key,
                             const std::string& priority,
                             std::optional<core::Millis> expected_updated_at = std::nullopt);
  // nullopt unassigns.
  TicketView assign(const core::Actor& actor, std::string_view key,
                    std::optional<std::int64_t> agent_id,
                    std::optional<core::Millis> expected_updated_at = std::nullopt);
  TicketView set_department(const core::Actor& actor, std::string_view key,
                            std::optional<std::int64_t> department_id,
                            std::optional<core::Millis> expected_updated_at = std::nullopt);
  TicketView edit_tags(const core::Actor& actor, std::string_view key,
                       const std::vector<TagRef>& add, const std::vector<TagRef>& remove,
                       std::optional<core::Millis> expected_updated_at = std::nullopt);

  // Staff following a ticket get its assignee's notifications. `user_id`
  // defaults to the caller; anyone else needs ticket.assign and must be an
  // active agent or administrator (422 on user_id). Returns the followers.
  std::vector<store::followers::FollowerRecord> follow(const core::Actor& actor,
                                                       std::string_view key,
                                                       std::optional<std::int64_t> user_id);
  std::vector<store::followers::FollowerRecord> unfollow(const core::Actor& actor,
                                                         std::string_view key,
                                                         std::optional<std::int64_t> user_id);
  // Applies `actions` in order in one transaction, each through the same
  // checks and writes as its single-change route: one timeline entry per
  // change, the usual events, one audit entry (`audit_action`). A refused
  // action refuses them all and nothing changes: its 403, 409 or 422
  // names it (detail, the "action" member {"index", "type"}, and field
  // errors under "<path>[i].value", or "value" when `path` is empty). With
  // `preview` the transaction is rolled back: what would change, nothing
  // written and no event sent.
  AppliedActions apply_actions(const core::Actor& actor, std::string_view key,
                               const std::vector<core::MacroAction>& actions,
                               const std::string& audit_action, bool preview = false,
                               const std::string& path = "actions");
  // `text` with the agent placeholders (core::agent_placeholders) filled
  // from the ticket and the caller, each value Markdown-escaped. NotFound
  // unless the caller may see the ticket.
  std::string fill_placeholders(const core::Actor& actor, std::string_view key,
                                const std::string& text);

  // The requester closes (when AllowCustomerClose) or reopens their ticket.
  TicketView close_by_requester(const core::Actor& actor, std::string_view key);
  TicketView reopen_by_requester(const core::Actor& actor, std::string_view key);
  // Staff hide a ticket from the queue until `until` (422 unless in the
  // future); the status stays. It returns at `until`, on a customer reply,
  // or by unsnooze, each with a timeline entry.
  TicketView snooze(const core::Actor& actor, std::string_view key, core::Millis until);
  TicketView unsnooze(const core::Actor& actor, std::string_view key);

  Dashboard dashboard(const core::Actor& actor);

  // The transition table in force (settings, else the default).
  core::TransitionTable transitions();

 private:
  core::TransitionTable transitions(store::Connection& c);
  // Narrows a list query to the caller and resolves its search.
  void prepare_query(store::Connection& c, const core::Actor& actor, core::TicketQuery& query,
                     bool strict_search);
  TicketDetail detail(const core::Actor& actor, std::string_view key, bool staff_view);
  // One change to one ticket the caller may see, in one transaction: loads
  // it, lets `apply` change it (noting what it did in the journal and the
  // change), commits it with its events, and wakes the event relay.
  using TicketEdit =
      std::function<void(store::Connection&, store::TicketRecord&, Journal&, TicketChange&)>;
  TicketView change_ticket(const core::Actor& actor, std::string_view key, std::string_view action,
                           const TicketEdit& apply,
                           std::optional<core::Millis> expected_updated_at = std::nullopt);
  // The stale-write guard: 409 (see change_status) unless the ticket is as
  // the caller last saw it.
  void require_unchanged(store::Connection& c, const store::TicketRecord& t,
                         std::optional<core::Millis> expected_updated_at);
  std::vector<store::followers::FollowerRecord> set_following(const core::Actor& actor,
                                                              std::string_view key,
                                                              std::optional<std::int64_t> user_id,
                                                              bool follow);
  // The single changes, shared by their routes and by apply_actions: each
  // checks the caller's permissions and the value (422 under `field`) now,
  // and returns the edit to run inside the change's transaction.
  TicketEdit status_edit(const core::Actor& actor, const std::string& status,
                         const std::string& field);
  TicketEdit priority_edit(const core::Actor& actor, const std::string& priority,
                           const std::string& field);
  TicketEdit assign_edit(const core::Actor& actor, std::optional<std::int64_t> agent_id,
                         const std::string& field);
  TicketEdit department_edit(const core::Actor& actor, std::optional<std::int64_t> department_id,
                             const std::string& field);
  TicketEdit tags_edit(const core::Actor& actor, const std::vector<TagRef>& add,
                       const std::vector<TagRef>& remove, const std::string& add_field,
                       const std::string& remove_field);
  TicketEdit action_edit(const core::Actor& actor, const core::MacroAction& action,
                         const std::string& field);
  // A reply's or note's trimmed body (422 under `field` when empty or too
  // long); a note needs reply.create_internal.
  std::string checked_reply_body(const core::Actor& actor, const std::string& body,
                                 bool internal_note, const std::string& field);
  // Writes a reply or note to `t` inside the caller's transaction, with the
  // status moves, timestamps and events a reply makes.
  store::ReplyRecord write_reply(store::Connection& c, const core::Actor& actor,
                                 store::TicketRecord& t, const std::string& text,
                                 bool internal_note, const std::vector<Upload>& uploads,
                                 WhenClosed when_closed, Journal& journal, TicketChange& change);
  std::string fill_placeholders(store::Connection& c, const core::Actor& actor,
                                const store::TicketRecord& t, const std::string& text);

  ServiceContext& ctx_;
  TicketWriter& writer_;
  AttachmentService* attachments_ = nullptr;
  // The team-wide counts (open, unassigned) walk every matching ticket's
  // index entry; on a dashboard a figure a second old is as good as a fresh
  // one, so they are shared between callers for that long.
  struct TeamCounts {
    std::chrono::steady_clock::time_point taken;
    std::int64_t open = 0, unassigned = 0;
  };
  // The helpdesk-wide open and unassigned counts, at most a second old.
  TeamCounts team_counts(store::Connection& c);
  std::mutex team_counts_mutex_;
  std::optional<TeamCounts> team_counts_;
};

}  // namespace escalated::services
