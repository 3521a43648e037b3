#include "support/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace escalated::testing {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Unfolded header lines of the message's header block.
std::vector<std::string> header_lines(const std::string& raw) {
  std::string head = raw.substr(0, raw.find("\r\n\r\n"));
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= head.size()) {
    std::size_t end = head.find("\r\n", at);
    std::string line = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out.empty())
      out.back() += line;
    else
      out.push_back(line);
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return out;
}

std::string decode_quoted_printable(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
    } else if (s.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::string SinkMessage::header(const std::string& name) const {
  std::string prefix = lower(name) + ":";
  for (const auto& line : header_lines(raw)) {
    if (lower(line.substr(0, prefix.size())) != prefix) continue;
    std::string value = line.substr(prefix.size());
    value.erase(0, value.find_first_not_of(" \t"));
    return value;
  }
  return "";
}

std::vector<std::string> SinkMessage::header_names() const {
  std::vector<std::string> out;
  for (const auto& line : header_lines(raw)) out.push_back(line.substr(0, line.find(':')));
  return out;
}

std::string SinkMessage::part(const std::string& content_type) const {
  std::size_t at = raw.find("Content-Type: " + content_type);
  if (at == std::string::npos) return "";
  std::size_t start = raw.find("\r\n\r\n", at);
  if (start == std::string::npos) return "";
  start += 4;
  // The part ends at the next delimiter: "--" and the message's boundary.
  // Not at any line starting "--": a soft line break can fall just before
  // "--" inside a token.
  std::string delimiter = "\r\n--";
  std::size_t b = raw.find("boundary=");
  if (b != std::string::npos) {
    b += 9;
    bool quoted = b < raw.size() && raw[b] == '"';
    if (quoted) ++b;
    std::size_t e = raw.find_first_of(quoted ? "\"" : "; \r\n", b);
    delimiter += raw.substr(b, e - b);
  }
  std::size_t end = raw.find(delimiter, start);
  return decode_quoted_printable(raw.substr(start, end - start));
}

int SmtpSink::free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

SmtpSink::SmtpSink(const SmtpSinkOptions& options) {
  std::string templ = (fs::temp_directory_path() / "escalated_sink_XXXXXX").string();
  if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  directory_ = templ;
  std::vector<std::string> args{ESCALATED_SMTP_SINK_SCRIPT, "--port", std::to_string(options.port),
                                "--dir", directory_};
  if (options.tls) args.push_back("--tls");
  if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
  process_ = std::make_unique<ChildProcess>("/usr/bin/python3", args);
  auto listening =
      process_->wait_for_output(std::regex(R"(listening on (\d+))"), std::chrono::seconds(20));
  if (!listening) throw std::runtime_error("the SMTP sink did not start: " + process_->output());
  port_ = std::stoi(*listening);
}

SmtpSink::~SmtpSink() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(directory_, ec);
}

std::vector<SinkMessage> SmtpSink::messages() const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory_))
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<SinkMessage> out;
  for (const auto& f : files) {
    SinkMessage m;
    m.raw = read_file(f);
    fs::path envelope = f;
    envelope.replace_extension(".json");
    auto e = boost::json::parse(read_file(envelope)).as_object();
    m.mail_from = std::string(e.at("mail_from").as_string());
    for (const auto& r : e.at("rcpt_tos").as_array()) m.recipients.emplace_back(r.as_string());
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace escalated::testing
