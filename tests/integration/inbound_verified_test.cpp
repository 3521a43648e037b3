// Issue 13, item 8: forged senders. Mail From: a staff address becomes that
// agent's reply only with proof (the ticket's signed reply address, or a
// DMARC pass from our own receiving server, Email.TrustedAuthservId);
// otherwise it is recorded as "unverified_sender" and changes nothing. A
// requester's mail matched only by its subject reference, unproven, is filed
// as a reply with verified: false and reopens nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "security/mail_identity.h"
#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

const std::string kSecret = "verified-test-secret";
const std::string kDomain = "helpdesk.example";
const std::string kOurServer = "mx.helpdesk.example";

class InboundVerifiedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Ann Example", "ann@example.com", "customer");
    server.add_user("Agnes Agent", "agnes@staff.example", "agent");
    server.add_user("Ada Admin", "ada@staff.example", "admin");
    ann = server.signed_in("ann@example.com");
    agent = server.signed_in("agnes@staff.example");
  }

  std::string reference(std::int64_t id) const {
    char ref[32];
    std::snprintf(ref, sizeof ref, "[ESC-%05lld]", static_cast<long long>(id));
    return ref;
  }
  // A plain message; `headers` are extra header lines ending in \r\n.
  std::string mail(const std::string& from, const std::string& subject,
                   const std::string& headers = "",
                   const std::string& to = "support@helpdesk.example") {
    static std::atomic<int> n{0};
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <v" +
           std::to_string(++n) + "." + std::to_string(::getpid()) + "@example.com>\r\n" + headers +
           "Content-Type: text/plain; charset=utf-8\r\n\r\nThe body.\r\n";
  }
  json::object ingest(const std::string& raw) {
    HttpResult r = server.client()->post(
        p + "/inbound/email", raw,
        {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", kSecret}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  std::int64_t ann_ticket() { return make.ticket(*ann); }
  json::object ticket(std::int64_t id) {
    HttpResult r = agent->get(p + "/agent/tickets/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  void set_status(std::int64_t id, const std::string& status) { make.status(*agent, id, status); }
  std::string thread_of(std::int64_t id) const {
    return "In-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain + ">\r\n";
  }

  TestServer server{[](Options& o) {
    o.email.domain = kDomain;
    o.email.inbound_secret = kSecret;
    o.email.trusted_authserv_id = kOurServer;
  }};
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> ann, agent;
};

TEST_F(InboundVerifiedTest, StaffMailWithoutProofIsRecordedAsUnverifiedAndChangesNothing) {
  std::int64_t id = ann_ticket();
  std::string status = std::string(ticket(id).at("status").as_string());
  // Every way a forger might try: thread headers and the subject reference
  // alone, a pass from a server that is not ours, a DMARC failure, a pass
  // for another domain, a header that does not parse.
  const std::vector<std::string> attempts{
      "",
      "Authentication-Results: mx.elsewhere.example; dmarc=pass header.from=staff.example\r\n",
      "Authentication-Results: " + kOurServer + "; dmarc=fail header.from=staff.example\r\n",
      "Authentication-Results: " + kOurServer + "; dmarc=pass header.from=forged.example\r\n",
      "Authentication-Results: " + kOurServer + "; dmarc=pass header.from=staff.example junk\r\n",
      "Authentication-Results: " + kOurServer + "; dkim=pass header.d=staff.example\r\n",
  };
  for (const auto& extra : attempts) {
    json::object r = ingest(mail("Agnes <agnes@staff.example>", "Re: " + reference(id) + " printer",
                                 thread_of(id) + extra));
    EXPECT_EQ(r.at("outcome").as_string(), "unverified_sender") << extra << json::serialize(r);
    EXPECT_EQ(r.at("ticket_id").as_int64(), id);
    EXPECT_TRUE(r.at("reply_id").is_null());
    EXPECT_NE(std::string(r.at("error").as_string()).find("TrustedAuthservId"), std::string::npos);
  }
  json::object t = ticket(id);
  EXPECT_EQ(t.at("replies").as_array().size(), 0u);
  EXPECT_EQ(t.at("status").as_string(), status);
  // The inbound record says so too.
  auto admin = server.signed_in("ada@staff.example");
  json::array records = admin->get(p + "/admin/inbound-emails").json().at("data").as_array();
  ASSERT_EQ(records.size(), attempts.size());
  for (const auto& record : records) {
    EXPECT_EQ(record.at("outcome").as_string(), "unverified_sender");
    EXPECT_EQ(record.at("from").as_string(), "agnes@staff.example");
  }
}

TEST_F(InboundVerifiedTest, StaffMailWithADmarcPassFromOurServerOrTheSignedAddressIsTheirReply) {
  std::int64_t id = ann_ticket();
  json::object by_dmarc =
      ingest(mail("agnes@staff.example", "Re: " + reference(id),
                  // A relay's own header first, ours (folded, with comments) below it.
                  "Authentication-Results: relay.example; none\r\n"
                  "Authentication-Results: " +
                      kOurServer + " (postfix);\r\n spf=pass smtp.mailfrom=staff.example;\r\n" +
                      " dmarc=pass (p=reject) header.from=staff.example\r\n"));
  EXPECT_EQ(by_dmarc.at("outcome").as_string(), "replied") << json::serialize(by_dmarc);

  json::object by_address =
      ingest(mail("agnes@staff.example", "Re: printer", "",
                  "Support <" + security::reply_address(id, kSecret, kDomain) + ">"));
  EXPECT_EQ(by_address.at("outcome").as_string(), "replied") << json::serialize(by_address);
  EXPECT_EQ(by_address.at("matched_by").as_string(), "reply_address");

  json::array replies = ticket(id).at("replies").as_array();
  ASSERT_EQ(replies.size(), 2u);
  for (const auto& r : replies) {
    EXPECT_EQ(r.at("author").at("role").as_string(), "agent");
    EXPECT_TRUE(r.at("verified").as_bool());
  }
  // A signed address of another ticket proves nothing for the one the
  // thread headers name.
  std::int64_t other = ann_ticket();
  json::object crossed = ingest(mail("agnes@staff.example", "Re: " + reference(id), thread_of(id),
                                     security::reply_address(other, kSecret, kDomain)));
  EXPECT_EQ(crossed.at("outcome").as_string(), "unverified_sender") << json::serialize(crossed);
  EXPECT_EQ(crossed.at("ticket_id").as_int64(), id);
  EXPECT_EQ(ticket(id).at("replies").as_array().size(), 2u);
}

TEST_F(InboundVerifiedTest, ARequestersMailMatchedOnlyByTheSubjectIsUnverifiedAndReopensNothing) {
  std::int64_t id = ann_ticket();
  json::object r = ingest(mail("ann@example.com", "Re: " + reference(id) + " printer"));
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "subject_reference");
  json::array replies = ticket(id).at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(replies[0].at("verified").as_bool());
  // The portal shows the field as well.
  EXPECT_FALSE(ann->get(p + "/tickets/" + std::to_string(id))
                   .json()
                   .at("replies")
                   .at(0)
                   .at("verified")
                   .as_bool());

  // Resolved or closed, the ticket stays so; the mail is filed all the same.
  for (const std::string status : {"resolved", "closed"}) {
    set_status(id, status);
    json::object again = ingest(mail("ann@example.com", "Re: " + reference(id)));
    EXPECT_EQ(again.at("outcome").as_string(), "replied") << status << json::serialize(again);
    json::object t = ticket(id);
    EXPECT_EQ(t.at("status").as_string(), status);
    EXPECT_FALSE(t.at("replies").as_array().back().at("verified").as_bool());
  }
  // Threaded mail (our Message-ID), or the subject with a DMARC pass, is
  // verified and reopens as before.
  json::object threaded = ingest(mail("ann@example.com", "Re: printer", thread_of(id)));
  EXPECT_EQ(threaded.at("outcome").as_string(), "replied");
  json::object t = ticket(id);
  EXPECT_EQ(t.at("status").as_string(), "reopened");
  EXPECT_TRUE(t.at("replies").as_array().back().at("verified").as_bool());
  set_status(id, "resolved");
  json::object proven = ingest(
      mail("ann@example.com", "Re: " + reference(id),
           "Authentication-Results: " + kOurServer + "; dmarc=pass header.from=example.com\r\n"));
  EXPECT_EQ(proven.at("outcome").as_string(), "replied");
  t = ticket(id);
  EXPECT_EQ(t.at("status").as_string(), "reopened");
  EXPECT_TRUE(t.at("replies").as_array().back().at("verified").as_bool());
}

}  // namespace
}  // namespace escalated::testing
