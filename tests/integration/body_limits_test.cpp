// The transport refuses a body too large for its type as soon as it reads
// the Content-Length, before a byte of the body arrives.
#include <gtest/gtest.h>

#include "support/raw_http.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

TEST(BodyLimitsTest, ADeclaredLengthOverTheTypesLimitIs413BeforeTheBody) {
  TestServer server;
  std::string path = server.prefix() + "/tickets";
  // 5 MB of JSON is over MaxBodyBytes (1 MiB), though multipart would take it.
  std::string json_answer = answer_to_head(
      server.base_url(), post_head(path, "application/json", 5'000'000), std::chrono::seconds(5));
  EXPECT_EQ(json_answer.rfind("HTTP/1.1 413", 0), 0u) << json_answer;
  EXPECT_NE(json_answer.find("application/problem+json"), std::string::npos);
  // Far over the multipart limit too.
  std::string multipart_answer = answer_to_head(
      server.base_url(), post_head(path, "multipart/form-data; boundary=x", 900'000'000),
      std::chrono::seconds(5));
  EXPECT_EQ(multipart_answer.rfind("HTTP/1.1 413", 0), 0u) << multipart_answer;
  // A multipart body of 5 MB is within its limit: the server waits for it.
  std::string waiting = answer_to_head(
      server.base_url(), post_head(path, "multipart/form-data; boundary=x", 5'000'000),
      std::chrono::milliseconds(300));
  EXPECT_EQ(waiting, "");
}

}  // namespace
}  // namespace escalated::testing
