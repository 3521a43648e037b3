// Authentication-Results (RFC 8601), including the examples of its
// appendix B, and the DMARC check inbound mail relies on.
#include "core/auth_results.h"

#include <gtest/gtest.h>

namespace escalated::core {
namespace {

TEST(AuthResults, ReadsTheRfcExamples) {
  // B.2: nothing was done.
  auto none = parse_authentication_results("example.org 1; none");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->authserv_id, "example.org");
  EXPECT_TRUE(none->results.empty());
  // B.3: one result with a comment and a property.
  auto spf =
      parse_authentication_results("example.com;\r\n          spf=pass smtp.mailfrom=example.net");
  ASSERT_TRUE(spf);
  ASSERT_EQ(spf->results.size(), 1u);
  EXPECT_EQ(spf->results[0].method, "spf");
  EXPECT_EQ(spf->results[0].result, "pass");
  ASSERT_EQ(spf->results[0].properties.size(), 1u);
  EXPECT_EQ(spf->results[0].properties[0].ptype, "smtp");
  EXPECT_EQ(spf->results[0].properties[0].property, "mailfrom");
  EXPECT_EQ(spf->results[0].properties[0].value, "example.net");
  // B.4: several results, comments everywhere, a version, a reason.
  auto many = parse_authentication_results(
      "example.com;\r\n"
      "   auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n"
      "   spf/1=pass smtp.mailfrom=example.net;\r\n"
      "   dkim=fail reason=\"bad signature\" header.i=@mail-router.example.net (comment);\r\n"
      "   dmarc=pass (p=none dis=none) header.from=example.net");
  ASSERT_TRUE(many);
  ASSERT_EQ(many->results.size(), 4u);
  EXPECT_EQ(many->results[0].properties[0].value, "sender@example.net");
  EXPECT_EQ(many->results[1].method, "spf");
  EXPECT_EQ(many->results[2].result, "fail");
  EXPECT_EQ(many->results[2].reason, "bad signature");
  EXPECT_EQ(many->results[2].properties[0].value, "@mail-router.example.net");
  EXPECT_EQ(many->results[3].method, "dmarc");
  EXPECT_EQ(many->results[3].properties[0].value, "example.net");
  // A quoted authserv-id, a nested comment, upper case, a trailing ";".
  auto odd = parse_authentication_results(
      " (relay (inner \\) paren)) \"mx.example.com\" 1 ; DMARC = PASS header . from = a.org;");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->authserv_id, "mx.example.com");
  EXPECT_EQ(odd->results[0].method, "dmarc");
  EXPECT_EQ(odd->results[0].result, "pass");
  EXPECT_EQ(odd->results[0].properties[0].value, "a.org");
}

TEST(AuthResults, RefusesWhatDoesNotFollowTheGrammar) {
  for (const char* bad :
       {"", "   ", "example.com", "example.com dmarc=pass", "; dmarc=pass",
        "example.com; dmarc=", "example.com; =pass", "example.com; dmarc pass",
        "example.com; dmarc=pass header.from", "example.com; dmarc=pass (open",
        "example.com; dmarc=pass reason=\"open", "example.com; none; dkim=pass",
        "example.com; dmarc=pass junk", "example.com; dmarc/x=pass", "\"example.com; dmarc=pass"}) {
    EXPECT_FALSE(parse_authentication_results(bad)) << bad;
  }
  std::string deep = "example.com; dmarc=pass " + std::string(100, '(') + std::string(100, ')');
  EXPECT_FALSE(parse_authentication_results(deep));
}

TEST(AuthResults, DmarcPassCountsOnlyFromTheTrustedServerForTheSendersDomain) {
  std::vector<std::string> headers{
      "mx.other.net; dmarc=pass header.from=example.com",
      "mx.ours.org; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=Example.COM"};
  EXPECT_TRUE(dmarc_passed(headers, "MX.ours.org", "example.com"));
  EXPECT_FALSE(dmarc_passed(headers, "", "example.com"));            // nothing configured
  EXPECT_FALSE(dmarc_passed(headers, "mx.ours.org", "forged.com"));  // another domain
  EXPECT_FALSE(dmarc_passed({headers[0]}, "mx.ours.org", "example.com"));
  EXPECT_FALSE(dmarc_passed({"mx.ours.org; dmarc=fail header.from=example.com"}, "mx.ours.org",
                            "example.com"));
  EXPECT_FALSE(
      dmarc_passed({"mx.ours.org; dkim=pass header.d=example.com"}, "mx.ours.org", "example.com"));
  EXPECT_FALSE(dmarc_passed({"mx.ours.org; dmarc=pass header.from=example.com junk"}, "mx.ours.org",
                            "example.com"));  // malformed: no pass
  EXPECT_FALSE(dmarc_passed({"mx.ours.org.evil; dmarc=pass header.from=example.com"}, "mx.ours.org",
                            "example.com"));
  // An address in header.from is compared by its domain.
  EXPECT_TRUE(dmarc_passed({"mx.ours.org; dmarc=pass header.from=ann@example.com"}, "mx.ours.org",
                           "example.com"));
}

}  // namespace
}  // namespace escalated::core
