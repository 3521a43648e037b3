// A real SMTP server for the mail tests: tests/support/smtp_sink.py (Debian's
// python3-aiosmtpd) run by /usr/bin/python3 as a child process on a loopback
// port, keeping every message it accepts in a temporary directory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace escalated::testing {

struct SinkMessage {
  std::string raw;                      // as received, CRLF line ends
  std::string mail_from;                // the envelope
  std::vector<std::string> recipients;  // the envelope

  // The first header of that name (case-insensitive), unfolded; "" if none.
  std::string header(const std::string& name) const;
  // Every header line's name, in order.
  std::vector<std::string> header_names() const;
  // The decoded text of the part with this content type ("text/plain").
  std::string part(const std::string& content_type) const;
};

struct SmtpSinkOptions {
  int port = 0;      // 0 picks a free one
  bool tls = false;  // offer STARTTLS (self-signed certificate for "localhost")
  std::string auth;  // "user:password": SMTP AUTH required; "" = none
};

class SmtpSink {
 public:
  explicit SmtpSink(int port = 0) : SmtpSink(SmtpSinkOptions{port, false, ""}) {}
  explicit SmtpSink(const SmtpSinkOptions& options);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Everything received so far, in order.
  std::vector<SinkMessage> messages() const;

  // A loopback port nothing listens on now (bound and released).
  static int free_port();

 private:
  std::string directory_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace escalated::testing
