// Attachments: uploaded as multipart/form-data with new tickets, replies and
// notes; listed on them; served only to those who may see the ticket, with
// headers that keep a browser from running them; limits refuse an upload
// whole; blobs are stored once per content.
#include <gtest/gtest.h>

#include <filesystem>

#include "security/tokens.h"
#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);

class AttachmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_id = server.add_user("Alice", "alice@example.com", "customer");
    server.add_user("Mallory", "mallory@example.com", "customer");
    server.add_user("Agnes Agent", "agnes@example.com", "agent");
    alice = server.signed_in("alice@example.com");
    mallory = server.signed_in("mallory@example.com");
    agent = server.signed_in("agnes@example.com");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  HttpResult create(HttpClient& c, const std::vector<FilePart>& files) {
    return c.post_multipart(p + "/tickets",
                            {{"subject", "Printer"}, {"description", "See the files."}}, files);
  }
  std::size_t stored_files() const { return files_under(dir); }
  std::size_t ticket_count() {
    return alice->get(p + "/tickets").json().at("data").as_array().size();
  }
  std::string url_of(const json::value& attachment) {
    return std::string(attachment.at("url").as_string());
  }

  fs::path dir = fresh_directory("escalated-attachments");
  TestServer server{[this](Options& o) {
    o.attachments.directory = dir.string();
    o.attachments.max_size_kb = 4;
    o.attachments.max_per_reply = 3;
  }};
  std::string p = server.prefix();
  std::int64_t alice_id = 0;
  std::unique_ptr<HttpClient> alice, mallory, agent;
};

TEST_F(AttachmentTest, NewTicketListsAndServesItsFiles) {
  HttpResult r = create(
      *alice, {{"notes.txt", "text/plain", "hello\r\n--world"}, {"shot.png", "image/png", kPng}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value t = r.json();
  EXPECT_EQ(t.at("subject").as_string(), "Printer");
  const json::array& list = t.at("attachments").as_array();
  ASSERT_EQ(list.size(), 2u);
  const json::value& txt = list[0];
  EXPECT_GT(txt.at("id").as_int64(), 0);
  EXPECT_EQ(txt.at("filename").as_string(), "notes.txt");
  EXPECT_EQ(txt.at("size").as_int64(), 14);
  EXPECT_EQ(txt.at("mime_type").as_string(), "text/plain");
  EXPECT_EQ(url_of(txt), p + "/attachments/" + std::to_string(txt.at("id").as_int64()));

  json::value detail = alice->get(p + "/tickets/" + std::to_string(t.at("id").as_int64())).json();
  EXPECT_EQ(detail.at("attachments").as_array().size(), 2u);

  HttpResult d = alice->get(url_of(txt));
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.body, "hello\r\n--world");
  EXPECT_EQ(d.header("content-type"), "text/plain");
  EXPECT_EQ(d.header("content-disposition"), "attachment; filename*=UTF-8''notes.txt");
  EXPECT_EQ(d.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(d.header("content-security-policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(d.header("cache-control"), "private");

  HttpResult img = agent->get(url_of(list[1]));
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.body, kPng);
  EXPECT_EQ(img.header("content-type"), "image/png");
  EXPECT_EQ(img.header("content-disposition"), "inline; filename*=UTF-8''shot.png");
}

TEST_F(AttachmentTest, RepliesCarryFilesAndTheTimelineShowsThem) {
  std::int64_t id = create(*alice, {}).json().at("id").as_int64();
  std::string ref = std::to_string(id);
  HttpResult r = alice->post_multipart(p + "/tickets/" + ref + "/reply", {{"body", "Here"}},
                                       {{"log.txt", "", "line 1"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value reply = r.json();
  ASSERT_EQ(reply.at("attachments").as_array().size(), 1u);
  const json::value& a = reply.at("attachments").as_array()[0];
  EXPECT_EQ(a.at("mime_type").as_string(), "application/octet-stream");
  EXPECT_EQ(a.at("size").as_int64(), 6);

  HttpResult ar = agent->post_multipart(p + "/agent/tickets/" + ref + "/reply",
                                        {{"body", "Try this"}}, {{"fix.cfg", "text/plain", "x=1"}});
  ASSERT_EQ(ar.status, 201) << ar.body;
  EXPECT_EQ(ar.json().at("attachments").as_array().size(), 1u);

  json::value detail = agent->get(p + "/agent/tickets/" + ref).json();
  int with_files = 0;
  for (const auto& rep : detail.at("replies").as_array())
    with_files += rep.at("attachments").as_array().size() == 1 ? 1 : 0;
  EXPECT_EQ(with_files, 2);
  int added = 0;
  for (const auto& act : detail.at("activities").as_array())
    if (act.at("type").as_string() == "attachment_added") ++added;
  EXPECT_EQ(added, 2);
  EXPECT_EQ(alice->get(url_of(a)).body, "line 1");
}

TEST_F(AttachmentTest, OnlyThoseWhoMaySeeTheTicketGetTheFile) {
  json::value t = create(*alice, {{"secret.txt", "text/plain", "s3cret"}}).json();
  std::string url = url_of(t.at("attachments").as_array()[0]);
  EXPECT_EQ(mallory->get(url).status, 404);
  EXPECT_EQ(server.client()->get(url).status, 401);
  EXPECT_EQ(alice->get(p + "/attachments/999999").status, 404);
  EXPECT_EQ(alice->get(p + "/attachments/abc").status, 404);
}

TEST_F(AttachmentTest, NoteFilesAreForStaffOnly) {
  std::string ref = std::to_string(create(*alice, {}).json().at("id").as_int64());
  HttpResult n = agent->post_multipart(p + "/agent/tickets/" + ref + "/note",
                                       {{"body", "internal"}}, {{"trace.txt", "text/plain", "t"}});
  ASSERT_EQ(n.status, 201) << n.body;
  std::string url = url_of(n.json().at("attachments").as_array()[0]);
  EXPECT_EQ(alice->get(url).status, 404);
  EXPECT_EQ(agent->get(url).status, 200);
  json::value detail = alice->get(p + "/tickets/" + ref).json();
  EXPECT_TRUE(detail.at("attachments").as_array().empty());
  for (const auto& rep : detail.at("replies").as_array())
    EXPECT_TRUE(rep.at("attachments").as_array().empty());
}

TEST_F(AttachmentTest, OversizeIs413AndStoresNothing) {
  std::size_t before = ticket_count();
  HttpResult r = create(*alice, {{"ok.txt", "text/plain", "small"},
                                 {"big.bin", "application/octet-stream", std::string(5000, 'x')}});
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(ticket_count(), before);
  EXPECT_EQ(stored_files(), 0u);

  std::string ref = std::to_string(create(*alice, {}).json().at("id").as_int64());
  HttpResult rr = alice->post_multipart(p + "/tickets/" + ref + "/reply", {{"body", "big"}},
                                        {{"big.bin", "", std::string(5000, 'x')}});
  EXPECT_EQ(rr.status, 413);
  EXPECT_EQ(alice->get(p + "/tickets/" + ref).json().at("replies").as_array().size(), 0u);
  EXPECT_EQ(stored_files(), 0u);
}

TEST_F(AttachmentTest, TooManyFilesIs422) {
  std::size_t before = ticket_count();
  std::vector<FilePart> files;
  for (int i = 0; i < 4; ++i) files.push_back({"f" + std::to_string(i), "text/plain", "x"});
  HttpResult r = create(*alice, files);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.json().at("errors").as_object().contains("attachments"));
  EXPECT_EQ(ticket_count(), before);
  EXPECT_EQ(stored_files(), 0u);
}

TEST_F(AttachmentTest, MalformedMultipartIs400) {
  HttpResult r = alice->post(p + "/tickets", "--b\r\nContent-Disposition: form-data\r\n\r\nx",
                             {{"Content-Type", "multipart/form-data; boundary=b"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  HttpResult nb = alice->post(p + "/tickets", "x", {{"Content-Type", "multipart/form-data"}});
  EXPECT_EQ(nb.status, 400);
  // A file under another name than `attachments`.
  HttpResult other = alice->post_multipart(p + "/tickets", {{"subject", "s"}, {"description", "d"}},
                                           {{"a.txt", "", "x", "file"}});
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(ticket_count(), 0u);
}

TEST_F(AttachmentTest, FilenamesAreSanitised) {
  HttpResult r = create(*alice, {{"../../etc/passwd", "text/plain", "a"},
                                 {"..\\evil\x01\x7f name.txt", "text/plain", "b"},
                                 {"..", "Bad Type", "c"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value t = r.json();
  const json::array& list = t.at("attachments").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].at("filename").as_string(), "passwd");
  EXPECT_EQ(list[1].at("filename").as_string(), "evil name.txt");
  EXPECT_EQ(list[2].at("filename").as_string(), "attachment");
  EXPECT_EQ(list[2].at("mime_type").as_string(), "application/octet-stream");
  HttpResult d = alice->get(url_of(list[1]));
  EXPECT_EQ(d.header("content-disposition"), "attachment; filename*=UTF-8''evil%20name.txt");
}

TEST_F(AttachmentTest, IdenticalContentIsStoredOnce) {
  std::string bytes = "the same bytes";
  ASSERT_EQ(create(*alice, {{"one.txt", "text/plain", bytes}}).status, 201);
  ASSERT_EQ(create(*alice, {{"two.txt", "text/plain", bytes}}).status, 201);
  EXPECT_EQ(stored_files(), 1u);
  std::string sha = security::sha256_hex(bytes);
  EXPECT_TRUE(fs::exists(dir / sha.substr(0, 2) / sha.substr(2)));
}

TEST_F(AttachmentTest, JsonRequestsStillWork) {
  HttpResult t =
      alice->post_json(p + "/tickets", json::object{{"subject", "JSON"}, {"description", "plain"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_TRUE(t.json().at("attachments").as_array().empty());
  std::string ref = std::to_string(t.json().at("id").as_int64());
  HttpResult r = alice->post_json(p + "/tickets/" + ref + "/reply", json::object{{"body", "hi"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json().at("attachments").as_array().empty());
  // Form fields work without files too, including ids as text.
  HttpResult f = alice->post_multipart(
      p + "/tickets", {{"subject", "Form"}, {"description", "no files"}, {"priority", "high"}});
  ASSERT_EQ(f.status, 201) << f.body;
  EXPECT_EQ(f.json().at("priority").as_string(), "high");
}

}  // namespace
}  // namespace escalated::testing
