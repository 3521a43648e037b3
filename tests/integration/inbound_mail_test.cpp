// Inbound e-mail over HTTP: the corpus in tests/data/mail ingested with the
// expected outcomes, the ticket found in each of the four ways (and only for
// its requester or staff), forged and foreign mail opening new tickets,
// duplicates, the secret, the limits, quote trimming, sanitising,
// attachments, reopening and auto-replies.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "security/mail_identity.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kSecret = "inbound-test-secret";
const std::string kDomain = "helpdesk.example";

std::string corpus(const std::string& name) {
  std::ifstream in(std::string(ESCALATED_TEST_DATA_DIR) + "/mail/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing corpus file " + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string unique_id() {
  static std::atomic<int> n{0};
  return std::to_string(++n) + "." + std::to_string(::getpid());
}

// A template from the corpus with the ticket, sender and domain filled in.
std::string from_template(const std::string& name, std::int64_t ticket, const std::string& from) {
  std::string s = corpus(name);
  s = replace_all(s, "{{TICKET}}", std::to_string(ticket));
  s = replace_all(s, "{{DOMAIN}}", kDomain);
  s = replace_all(s, "{{FROM}}", from);
  return replace_all(s, "{{NONCE}}", unique_id());
}

// A plain message; `headers` are extra header lines ending in \r\n.
std::string mail(const std::string& from, const std::string& subject, const std::string& body,
                 const std::string& headers = "") {
  return "From: " + from + "\r\nTo: support@" + kDomain + "\r\nSubject: " + subject +
         "\r\nMessage-ID: <m" + unique_id() + "@example.com>\r\n" + headers +
         "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

fs::path fresh_directory() {
  std::string tmpl = (fs::temp_directory_path() / "escalated-inbound-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

class InboundMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_id = server.add_user("Ann Example", "ann@example.com", "customer");
    server.add_user("Agnes Agent", "agnes@example.com", "agent");
    server.add_user("Ada Admin", "ada@example.com", "admin");
    server.add_user("Mallory", "mallory@example.com", "customer");
    ann = server.signed_in("ann@example.com");
    agent = server.signed_in("agnes@example.com");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  HttpResult post(const std::string& raw, const std::string& secret = kSecret,
                  const std::string& type = "message/rfc822") {
    std::map<std::string, std::string> headers{{"Content-Type", type}};
    if (!secret.empty()) headers["X-Escalated-Inbound-Secret"] = secret;
    return anonymous->post(p + "/inbound/email", raw, headers);
  }
  json::object ingest(const std::string& raw) {
    HttpResult r = post(raw);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  std::int64_t ann_ticket() {
    HttpResult r = ann->post_json(
        p + "/tickets", {{"subject", "Printer on floor 3 jams"}, {"description", "It jams."}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  json::object ticket(std::int64_t id) {
    HttpResult r = agent->get(p + "/agent/tickets/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  std::string status_of(std::int64_t id) {
    return std::string(ticket(id).at("status").as_string());
  }
  void set_status(std::int64_t id, const std::string& status) {
    HttpResult r = agent->post_json(p + "/agent/tickets/" + std::to_string(id) + "/status",
                                    {{"status", status}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::size_t reply_count(std::int64_t id) { return ticket(id).at("replies").as_array().size(); }

  fs::path dir = fresh_directory();
  TestServer server{[this](Options& o) {
    o.email.domain = kDomain;
    o.email.inbound_secret = kSecret;
    o.email.max_inbound_kb = 256;
    o.attachments.directory = dir.string();
    o.attachments.max_size_kb = 64;
  }};
  std::string p = server.prefix();
  std::int64_t ann_id = 0;
  std::unique_ptr<HttpClient> ann, agent, anonymous = server.client();
};

TEST_F(InboundMailTest, CorpusIsIngestedWithTheExpectedOutcomes) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"plain.eml", "created"},       {"html_only.eml", "created"},
      {"alternative.eml", "created"}, {"attachments.eml", "created"},
      {"latin1.eml", "created"},      {"windows1252.eml", "created"},
      {"shift_jis.eml", "created"},   {"iso2022jp.eml", "created"},
      {"forwarded.eml", "created"},   {"malformed_headers.eml", "created"},
      {"no_from.eml", "failed"},      {"bulk.eml", "ignored"},
  };
  std::map<std::string, std::int64_t> tickets;
  for (const auto& [name, outcome] : expected) {
    json::object r = ingest(corpus(name));
    EXPECT_EQ(r.at("outcome").as_string(), outcome) << name << ": " << json::serialize(r);
    EXPECT_EQ(r.at("matched_by").as_string(), "none") << name;
    EXPECT_TRUE(r.at("reply_id").is_null()) << name;
    if (outcome == "created") {
      tickets[name] = r.at("ticket_id").as_int64();
    } else {
      EXPECT_TRUE(r.at("ticket_id").is_null()) << name;
    }
  }
  json::object latin1 = ticket(tickets["latin1.eml"]);
  EXPECT_EQ(latin1.at("subject").as_string(), "Caf\xC3\xA9maschine im B\xC3\xBCro defekt");
  EXPECT_EQ(latin1.at("channel").as_string(), "email");
  EXPECT_EQ(latin1.at("requester").at("email").as_string(), "renee@example.de");
  EXPECT_EQ(latin1.at("requester").at("name").as_string(), "Ren\xC3\xA9\x65 M\xC3\xBCller");
  EXPECT_NE(std::string(ticket(tickets["windows1252.eml"]).at("description").as_string())
                .find("\xE2\x82\xAC"
                      "45"),
            std::string::npos);
  EXPECT_EQ(ticket(tickets["shift_jis.eml"]).at("subject").as_string(),
            "\xE5\x8D\xB0\xE5\x88\xB7\xE3\x82\xA8\xE3\x83\xA9\xE3\x83\xBC");
  // The Apple Mail quote below the new text is gone.
  EXPECT_EQ(ticket(tickets["alternative.eml"]).at("description").as_string(),
            "The VPN client disconnects every 10 minutes on macOS 15.");
  // The forwarded message travels as an .eml file.
  json::array fwd = ticket(tickets["forwarded.eml"]).at("attachments").as_array();
  ASSERT_EQ(fwd.size(), 1u);
  EXPECT_EQ(fwd[0].at("mime_type").as_string(), "message/rfc822");

  // Every message but a duplicate is on record, newest first, for admins.
  auto admin = server.signed_in("ada@example.com");
  HttpResult list = admin->get(p + "/admin/inbound-emails?limit=100");
  ASSERT_EQ(list.status, 200) << list.body;
  json::array records = list.json().at("data").as_array();
  ASSERT_EQ(records.size(), expected.size());
  EXPECT_EQ(records[0].at("outcome").as_string(), "ignored");
  EXPECT_EQ(records[0].at("from").as_string(), "news@vendor.example");
  EXPECT_EQ(records[1].at("outcome").as_string(), "failed");
  EXPECT_NE(std::string(records[1].at("error").as_string()).find("From"), std::string::npos);
  EXPECT_EQ(records[1].at("message_id").as_string(), "nofrom-1@example.com");
  // Paging: `before` the last id of a page gives the next one.
  json::array page = admin->get(p + "/admin/inbound-emails?limit=5").json().at("data").as_array();
  ASSERT_EQ(page.size(), 5u);
  std::string next = "?limit=5&before=" + std::to_string(page[4].at("id").as_int64());
  json::array rest = admin->get(p + "/admin/inbound-emails" + next).json().at("data").as_array();
  ASSERT_EQ(rest.size(), 5u);
  EXPECT_EQ(rest[0].at("id").as_int64(), records[5].at("id").as_int64());
  EXPECT_EQ(admin->get(p + "/admin/inbound-emails?limit=x").status, 422);
  EXPECT_EQ(agent->get(p + "/admin/inbound-emails").status, 403);
  EXPECT_EQ(ann->get(p + "/admin/inbound-emails").status, 403);
}

TEST_F(InboundMailTest, InReplyToOfOurRootIdFindsTheTicket) {
  std::int64_t id = ann_ticket();
  json::object r =
      ingest(mail("Ann <ANN@example.com>", "Re: printer", "Still broken.",
                  "In-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain + ">\r\n"));
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "in_reply_to");
  EXPECT_EQ(r.at("ticket_id").as_int64(), id);
  json::array replies = ticket(id).at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].at("id").as_int64(), r.at("reply_id").as_int64());
  EXPECT_EQ(replies[0].at("body").as_string(), "Still broken.");
  EXPECT_EQ(replies[0].at("author").at("id").as_int64(), ann_id);
}

TEST_F(InboundMailTest, ReferencesAloneFindTheTicket) {
  std::int64_t id = ann_ticket();
  json::object r = ingest(mail("ann@example.com", "Re: printer", "More details.",
                               "In-Reply-To: <CAfoo@mail.gmail.com>\r\nReferences: "
                               "<unrelated@example.com>\r\n <ticket-" +
                                   std::to_string(id) + "-reply-99@" + kDomain + ">\r\n"));
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "references");
  EXPECT_EQ(r.at("ticket_id").as_int64(), id);
}

TEST_F(InboundMailTest, SignedReplyAddressFindsTheTicketAndAForgedOneDoesNot) {
  std::int64_t id = ann_ticket();
  std::string good = security::reply_address(id, kSecret, kDomain);
  std::string raw = "From: ann@example.com\r\nTo: Support <" + good +
                    ">\r\nSubject: hello\r\nMessage-ID: <sig-1@example.com>\r\n\r\nAnswer.\r\n";
  json::object r = ingest(raw);
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "reply_address");
  EXPECT_EQ(r.at("ticket_id").as_int64(), id);

  std::string forged = "reply+" + std::to_string(id) + ".0123456789abcdef@" + kDomain;
  json::object f = ingest("From: ann@example.com\r\nTo: " + forged +
                          "\r\nSubject: hello\r\nMessage-ID: <sig-2@example.com>\r\n\r\nX\r\n");
  EXPECT_EQ(f.at("outcome").as_string(), "created");
  EXPECT_EQ(f.at("matched_by").as_string(), "none");
  EXPECT_NE(f.at("ticket_id").as_int64(), id);
  EXPECT_EQ(reply_count(id), 1u);
}

TEST_F(InboundMailTest, SubjectReferenceFindsTheTicket) {
  std::int64_t id = ann_ticket();
  char ref[32];
  std::snprintf(ref, sizeof ref, "[ESC-%05lld]", static_cast<long long>(id));
  json::object r = ingest(mail("ann@example.com", std::string("Re: ") + ref + " printer", "Ok."));
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "subject_reference");
  EXPECT_EQ(r.at("ticket_id").as_int64(), id);
}

TEST_F(InboundMailTest, AStrangerWithTheRightReferencesOpensANewTicket) {
  std::int64_t id = ann_ticket();
  std::string ids = "<ticket-" + std::to_string(id) + "@" + kDomain + ">";
  // Mallory has an account, Zed has none: neither may write into Ann's ticket.
  for (const std::string from : {"mallory@example.com", "Zed <zed@stranger.example>"}) {
    json::object r =
        ingest(mail(from, "Re: [ESC-" + std::to_string(100000 + id).substr(1) + "] printer",
                    "Let me in.", "In-Reply-To: " + ids + "\r\nReferences: " + ids + "\r\n"));
    EXPECT_EQ(r.at("outcome").as_string(), "created") << from;
    EXPECT_EQ(r.at("matched_by").as_string(), "none") << from;
    EXPECT_NE(r.at("ticket_id").as_int64(), id);
  }
  EXPECT_EQ(reply_count(id), 0u);
  // Zed became a contact; a second mail from him (any case) is his again.
  json::object again = ingest(mail("ZED@Stranger.Example", "Another", "Hello again."));
  json::object first = ticket(again.at("ticket_id").as_int64());
  EXPECT_EQ(first.at("requester").at("email").as_string(), "zed@stranger.example");
  EXPECT_EQ(first.at("requester").at("name").as_string(), "Zed");
}

TEST_F(InboundMailTest, AnAgentsMailAddsAPublicAgentReply) {
  std::int64_t id = ann_ticket();
  // Proven by the signed reply address (issue 13, item 8: inbound_verified_test).
  json::object r =
      ingest(mail("agnes@example.com", "Re: printer", "We will send a technician.",
                  "In-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain +
                      ">\r\nCc: " + security::reply_address(id, kSecret, kDomain) + "\r\n"));
  EXPECT_EQ(r.at("outcome").as_string(), "replied");
  json::object t = ticket(id);
  json::array replies = t.at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(replies[0].at("is_internal_note").as_bool());
  EXPECT_EQ(replies[0].at("author").at("role").as_string(), "agent");
  EXPECT_EQ(t.at("status").as_string(), "waiting_on_customer");
}

TEST_F(InboundMailTest, DuplicateMessageIdsAreAnsweredButNotActedOn) {
  std::string raw = corpus("plain.eml");
  json::object first = ingest(raw);
  ASSERT_EQ(first.at("outcome").as_string(), "created");
  json::object second = ingest(raw);
  EXPECT_EQ(second.at("outcome").as_string(), "duplicate");
  EXPECT_TRUE(second.at("ticket_id").is_null());
  auto admin = server.signed_in("ada@example.com");
  EXPECT_EQ(admin->get(p + "/admin/inbound-emails").json().at("data").as_array().size(), 1u);
  // Without a Message-ID nothing is a duplicate.
  std::string no_id = "From: ann@example.com\r\nSubject: twice\r\n\r\nSame text.\r\n";
  EXPECT_EQ(ingest(no_id).at("outcome").as_string(), "created");
  EXPECT_EQ(ingest(no_id).at("outcome").as_string(), "created");
}

TEST_F(InboundMailTest, TheSameMessageArrivingTwiceAtOnceIsFiledOnce) {
  std::string raw = corpus("alternative.eml");
  std::vector<std::string> outcomes(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto client = server.client();
      HttpResult r = client->post(
          p + "/inbound/email", raw,
          {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", kSecret}});
      outcomes[i] = r.status == 200 ? std::string(r.json().at("outcome").as_string())
                                    : std::to_string(r.status);
    });
  for (auto& t : threads) t.join();
  std::sort(outcomes.begin(), outcomes.end());
  EXPECT_EQ(outcomes, (std::vector<std::string>{"created", "duplicate"}));
  HttpResult queue = agent->get(p + "/agent/tickets");
  EXPECT_EQ(queue.json().at("data").as_array().size(), 1u) << queue.body;
}

TEST_F(InboundMailTest, OurOwnNotificationsComingBackAreIgnored) {
  json::object r = ingest(mail("Support <SUPPORT@localhost>", "Ticket received", "Thanks."));
  EXPECT_EQ(r.at("outcome").as_string(), "ignored");
  EXPECT_TRUE(r.at("ticket_id").is_null());
}

TEST_F(InboundMailTest, TheSecretIsRequired) {
  std::string raw = corpus("plain.eml");
  EXPECT_EQ(post(raw, "").status, 401);
  EXPECT_EQ(post(raw, "wrong").status, 401);
  EXPECT_EQ(post(raw, kSecret + "x").status, 401);
  HttpResult wrong_type = post(raw, kSecret, "application/json");
  EXPECT_EQ(wrong_type.status, 415) << wrong_type.body;
  EXPECT_EQ(post(raw, kSecret, "text/plain; charset=utf-8").status, 200);
  // A signed-in browser session gets no further without the secret.
  EXPECT_EQ(ann->post(p + "/inbound/email", raw, {{"Content-Type", "message/rfc822"}}).status, 401);
}

TEST(InboundMailSecret, NoConfiguredSecretRefusesEverything) {
  TestServer server;
  auto client = server.client();
  HttpResult r =
      client->post(server.prefix() + "/inbound/email", "From: a@b.example\r\n\r\nx",
                   {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", ""}});
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(InboundMailTest, LimitsGive413OrARecordedFailure) {
  // Over Email.MaxInboundKb (256): refused before anything is read.
  std::string huge = mail("ann@example.com", "big", std::string(300 * 1024, 'x'));
  EXPECT_EQ(post(huge).status, 413);
  // A part over Attachments.MaxSizeKb (64) inside an acceptable message:
  // recorded as failed, nothing created.
  std::string data(100 * 1024, 'A');
  std::string raw =
      "From: ann@example.com\r\nSubject: logs\r\nMessage-ID: <huge-part@example.com>\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
      "Logs attached.\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
      "filename=big.log\r\n\r\n" +
      data + "\r\n--b--\r\n";
  json::object r = ingest(raw);
  EXPECT_EQ(r.at("outcome").as_string(), "failed");
  EXPECT_TRUE(r.at("ticket_id").is_null());
  EXPECT_NE(std::string(r.at("error").as_string()).find("big.log"), std::string::npos)
      << json::serialize(r);
  EXPECT_EQ(ann->get(p + "/tickets").json().at("data").as_array().size(), 0u);
  // Deep nesting is a failure too, not a crash.
  std::string deep = "From: ann@example.com\r\nSubject: deep\r\n";
  for (int i = 0; i < 40; ++i)
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  deep += "Content-Type: text/plain\r\n\r\nbottom\r\n";
  EXPECT_EQ(ingest(deep).at("outcome").as_string(), "failed");
}

TEST_F(InboundMailTest, QuotedHistoryIsTrimmedFromTheReply) {
  std::int64_t id = ann_ticket();
  json::object r = ingest(from_template("reply_outlook.eml.tmpl", id, "Ann <ann@example.com>"));
  ASSERT_EQ(r.at("outcome").as_string(), "replied");
  EXPECT_EQ(r.at("matched_by").as_string(), "in_reply_to");
  json::array replies = ticket(id).at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].at("body").as_string(),
            "It jams again since this morning, the tray is empty.");
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Issue 13, item 2: 74 KB of HTML (3,000 nested quotes around 20,000 short
// lines) made 120 MB of text and raised the peak RSS from 43 to 438 MB.
TEST_F(InboundMailTest, APathologicallyNestedMessageIsFiledCutWithANote) {
  std::string html = "<html><body>";
  for (int i = 0; i < 3000; ++i) html += "<blockquote>";
  html += "<pre>";
  for (int i = 0; i < 20000; ++i) html += "x\n";
  html += "</pre></body></html>";
  std::string raw = "From: Ann Example <ann@example.com>\r\nTo: support@" + kDomain +
                    "\r\nSubject: Nested\r\nMessage-ID: <m" + unique_id() +
                    "@example.com>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html +
                    "\r\n";
  ASSERT_LT(raw.size(), 80u * 1024);
  long before = peak_rss_kb();
  json::object r = ingest(raw);
  long after = peak_rss_kb();
  std::cout << "[ RSS      ] peak before " << before / 1024 << " MB, after " << after / 1024
            << " MB (+" << (after - before) / 1024 << " MB)\n";
  EXPECT_LE(after - before, 64 * 1024) << "peak RSS grew by " << (after - before) / 1024 << " MB";
  ASSERT_EQ(r.at("outcome").as_string(), "created") << json::serialize(r);
  json::object t = ticket(r.at("ticket_id").as_int64());
  std::string text(t.at("description").as_string());
  EXPECT_LE(text.size(), 65536u);
  EXPECT_NE(text.find("[The rest of this message was cut"), std::string::npos)
      << text.substr(text.size() > 300 ? text.size() - 300 : 0);
  // Quotes are written at most 16 deep, however deep they nest.
  std::string seventeen;
  for (int i = 0; i < 17; ++i) seventeen += "> ";
  EXPECT_EQ(text.find(seventeen), std::string::npos);
  EXPECT_NE(text.find("> > > > > > > > > > > > > > > > x"), std::string::npos)
      << text.substr(0, 300);
}

TEST_F(InboundMailTest, HtmlIsSanitised) {
  json::object r = ingest(corpus("html_only.eml"));
  ASSERT_EQ(r.at("outcome").as_string(), "created");
  json::object t = ticket(r.at("ticket_id").as_int64());
  std::string text(t.at("description").as_string());
  std::string html(t.at("description_html").as_string());
  EXPECT_NE(text.find("invoice 2026-114 charges 19% VAT"), std::string::npos) << text;
  for (const std::string& body : {text, html}) {
    EXPECT_EQ(body.find("script"), std::string::npos) << body;
    EXPECT_EQ(body.find("document.cookie"), std::string::npos) << body;
    EXPECT_EQ(body.find("alert"), std::string::npos) << body;
    EXPECT_EQ(body.find("javascript:"), std::string::npos) << body;
    EXPECT_EQ(body.find("onclick"), std::string::npos) << body;
    EXPECT_EQ(body.find("Your invoice is attached"), std::string::npos) << body;  // the quote
  }
}

TEST_F(InboundMailTest, AttachmentsLandAndTheRequesterCanDownloadThem) {
  server.add_user("Dan Okafor", "dan@example.com", "customer");
  json::object r = ingest(corpus("attachments.eml"));
  ASSERT_EQ(r.at("outcome").as_string(), "created");
  auto dan = server.signed_in("dan@example.com");
  HttpResult t = dan->get(p + "/tickets/" + std::to_string(r.at("ticket_id").as_int64()));
  ASSERT_EQ(t.status, 200) << t.body;
  json::array files = t.json().at("attachments").as_array();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].at("filename").as_string(), "report.pdf");
  EXPECT_EQ(files[1].at("filename").as_string(), "Bildschirmfoto \xC3\xBC.png");
  std::string url(files[0].at("url").as_string());
  HttpResult pdf = dan->get(url.substr(url.find(p)));
  ASSERT_EQ(pdf.status, 200) << url;
  EXPECT_EQ(pdf.body.substr(0, 8), "%PDF-1.4");
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(ann->get(url.substr(url.find(p))).status, 404);
}

TEST_F(InboundMailTest, AReplyReopensAResolvedTicketButAnAutoReplyDoesNot) {
  std::int64_t id = ann_ticket();
  set_status(id, "resolved");
  json::object automatic = ingest(from_template("auto_reply.eml.tmpl", id, "ann@example.com"));
  EXPECT_EQ(automatic.at("outcome").as_string(), "ignored");
  EXPECT_EQ(automatic.at("matched_by").as_string(), "in_reply_to");
  EXPECT_TRUE(automatic.at("reply_id").is_null());
  EXPECT_EQ(status_of(id), "resolved");
  EXPECT_EQ(reply_count(id), 0u);

  json::object reply = ingest(from_template("reply_outlook.eml.tmpl", id, "ann@example.com"));
  EXPECT_EQ(reply.at("outcome").as_string(), "replied");
  EXPECT_EQ(status_of(id), "reopened");

  // A closed ticket is reopened by its requester's mail, then replied to.
  set_status(id, "closed");
  json::object after_close =
      ingest(mail("ann@example.com", "Re: printer", "Again!",
                  "In-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain + ">\r\n"));
  EXPECT_EQ(after_close.at("outcome").as_string(), "replied") << json::serialize(after_close);
  EXPECT_EQ(status_of(id), "reopened");
  EXPECT_EQ(reply_count(id), 2u);
  // Staff do not reopen by mail: the message is a recorded failure and the
  // ticket stays closed, with nothing half-written.
  set_status(id, "closed");
  json::object by_agent =
      ingest(mail("agnes@example.com", "Re: printer", "Closing note",
                  "In-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain +
                      ">\r\nCc: " + security::reply_address(id, kSecret, kDomain) + "\r\n"));
  EXPECT_EQ(by_agent.at("outcome").as_string(), "failed") << json::serialize(by_agent);
  EXPECT_EQ(status_of(id), "closed");
  EXPECT_EQ(reply_count(id), 2u);
  // An auto-reply with no ticket to match opens none either.
  json::object stray =
      ingest(mail("ooo@example.com", "Out of office", "Away.", "Auto-Submitted: auto-replied\r\n"));
  EXPECT_EQ(stray.at("outcome").as_string(), "ignored");
  EXPECT_TRUE(stray.at("ticket_id").is_null());
}

}  // namespace
}  // namespace escalated::testing
