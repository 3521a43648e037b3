// The multipart/form-data reader: well-formed bodies, and malformed ones
// that must be a 400 (core::BadRequest), never a crash.
#include "http/multipart.h"

#include <gtest/gtest.h>

#include "core/errors.h"

namespace escalated::http {
namespace {

const std::string kB = "XyZ123";

std::string part(const std::string& disposition, const std::string& data,
                 const std::string& extra_headers = "") {
  return "--" + kB + "\r\nContent-Disposition: " + disposition + "\r\n" + extra_headers + "\r\n" +
         data + "\r\n";
}

TEST(FormDataBoundary, ReadsTokenAndQuotedBoundaries) {
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(form_data_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(form_data_boundary("application/json"), std::nullopt);
  EXPECT_EQ(form_data_boundary("text/plain; boundary=abc"), std::nullopt);
  EXPECT_EQ(form_data_boundary("garbage"), std::nullopt);
}

TEST(FormDataBoundary, MissingOrBadBoundaryIsBadRequest) {
  EXPECT_THROW(form_data_boundary("multipart/form-data"), core::BadRequest);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary="), core::BadRequest);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary=\"unterminated"),
               core::BadRequest);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary=" + std::string(71, 'a')),
               core::BadRequest);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary=a; boundary=b"), core::BadRequest);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary=\"a\\\"b\""), core::BadRequest);
}

TEST(ParseFormData, FieldsAndFiles) {
  std::string body =
      part("form-data; name=\"body\"", "Hello\r\nworld") +
      part("form-data; name=\"attachments\"; filename=\"a \\\"q\\\".txt\"",
           std::string("bin\0ary\r\n--X", 12), "Content-Type: Text/Plain; charset=utf-8\r\n") +
      part("form-data; name=attachments; filename=\"\"", "") + "--" + kB + "--\r\nepilogue";
  auto parts = parse_form_data(body, kB);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "body");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_EQ(parts[0].data, "Hello\r\nworld");
  EXPECT_EQ(parts[1].name, "attachments");
  EXPECT_EQ(parts[1].filename, "a \"q\".txt");
  EXPECT_EQ(parts[1].content_type, "text/plain");
  EXPECT_EQ(parts[1].data, std::string("bin\0ary\r\n--X", 12));
  EXPECT_EQ(parts[2].filename, "");
  EXPECT_EQ(parts[2].data, "");
}

TEST(ParseFormData, AnInvalidPartTypeIsLeftEmpty) {
  auto parts = parse_form_data(
      part("form-data; name=a; filename=x", "1", "Content-Type: nonsense\r\n") + "--" + kB + "--",
      kB);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].content_type, "");
}

TEST(ParseFormData, EmptyFormIsJustTheClosingDelimiter) {
  EXPECT_TRUE(parse_form_data("--" + kB + "--\r\n", kB).empty());
}

TEST(ParseFormData, MalformedBodiesAreBadRequest) {
  std::string ok = part("form-data; name=\"a\"", "1");
  std::string close = "--" + kB + "--\r\n";
  std::vector<std::string> bad = {
      "",
      "junk",
      "preamble\r\n" + ok + close,
      ok,  // no closing delimiter
      "--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n" +
          close,                                                     // no blank line
      "--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"",  // headers never end
      "--" + kB + "xx\r\n" + ok.substr(kB.size() + 4) + close,       // junk after boundary
      part("attachment; name=\"a\"", "1") + close,                   // not form-data
      part("form-data; filename=\"x\"", "1") + close,                // no name
      part("form-data; name=\"\"", "1") + close,                     // empty name
      part("form-data; name=\"a", "1") + close,                      // unterminated quote
      part("form-data; name=\"a\"; name=\"b\"", "1") + close,        // twice
      part("form-data; name=\"a\"", "1", "Content-Disposition: form-data; name=b\r\n") + close,
      part("form-data; name=\"a\"", "1", "No colon here\r\n") + close,
      part("form-data; name=\"a\"", "1", "Bad Name: x\r\n") + close,
      "--" + kB + "\r\n\r\n1\r\n" + close,  // no headers
      "--" + kB + "\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n" + close,
  };
  for (const auto& body : bad) {
    EXPECT_THROW(parse_form_data(body, kB), core::BadRequest) << body;
  }
  EXPECT_THROW(parse_form_data(ok + close, ""), core::BadRequest);
}

TEST(ParseFormData, LimitsApply) {
  std::string close = "--" + kB + "--\r\n";
  MultipartLimits limits;
  limits.max_parts = 2;
  std::string three = part("form-data; name=a", "1") + part("form-data; name=b", "2") +
                      part("form-data; name=c", "3") + close;
  EXPECT_THROW(parse_form_data(three, kB, limits), core::BadRequest);
  limits = {};
  limits.max_header_bytes = 20;
  EXPECT_THROW(parse_form_data(part("form-data; name=a", "1") + close, kB, limits),
               core::BadRequest);
  limits = {};
  limits.max_part_bytes = 3;
  try {
    parse_form_data(part("form-data; name=a", "1234") + close, kB, limits);
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.status(), 413);
  }
}

TEST(ParseFormData, TruncationsNeverCrash) {
  std::string body = part("form-data; name=\"body\"", "Hello") +
                     part("form-data; name=attachments; filename=\"f.bin\"", "abc",
                          "Content-Type: application/octet-stream\r\n") +
                     "--" + kB + "--\r\n";
  for (std::size_t n = 0; n < body.size(); ++n) {
    try {
      parse_form_data(body.substr(0, n), kB);
    } catch (const core::BadRequest&) {
    }
  }
  SUCCEED();
}

}  // namespace
}  // namespace escalated::http
