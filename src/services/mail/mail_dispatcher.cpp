#include "services/mail/mail_dispatcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>

#include "core/retry_backoff.h"
#include "services/base/curl_support.h"
#include "services/mail/mail_compose.h"

namespace escalated::services {

namespace {

// One message on its way: libcurl reads the body from here.
struct Transfer {
  CurlList recipients;
  const std::string* body = nullptr;
  std::size_t sent = 0;
  std::size_t index = 0;
  char error[CURL_ERROR_SIZE] = {};
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = std::min(size * count, t->body->size() - t->sent);
  std::memcpy(buffer, t->body->data() + t->sent, n);
  t->sent += n;
  return n;
}

}  // namespace

core::Millis MailDispatcher::backoff(int attempt, double jitter) {
  return core::with_jitter(core::doubling_delay(attempt, 60'000, 6 * 3'600'000), jitter);
}

std::vector<std::string> MailDispatcher::send(const std::vector<store::mail::MailRecord>& batch) {
  curl_global_once();
  const MailOptions& o = ctx_.options.mail;
  std::string mail_from = "<" + mail::parse_address(o.from).email + ">";
  std::vector<std::string> errors(batch.size());
  // Declared before the batch, so the transfers' lists outlive its handles.
  std::vector<std::unique_ptr<Transfer>> transfers;
  CurlBatch curl;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& m = batch[i];
    if (!mail::plausible_address(m.to_address) || m.body.empty()) {
      errors[i] = "the message cannot be sent (no usable address or body)";
      continue;
    }
    auto t = std::make_unique<Transfer>();
    t->index = i;
    t->body = &m.body;
    t->recipients.append("<" + m.to_address + ">");
    CURL* e = curl.add();
    curl_easy_setopt(e, CURLOPT_URL, o.smtp_url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(e, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, t->recipients.get());
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(e, CURLOPT_READDATA, t.get());
    curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m.body.size()));
    // smtp:// upgrades with STARTTLS when offered, and insists when required;
    // smtps:// is TLS from the first byte either way.
    curl_easy_setopt(e, CURLOPT_USE_SSL, o.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, o.verify_tls ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, o.verify_tls ? 2L : 0L);
    if (!o.username.empty()) curl_easy_setopt(e, CURLOPT_USERNAME, o.username.c_str());
    if (!o.password.empty()) curl_easy_setopt(e, CURLOPT_PASSWORD, o.password.c_str());
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTimeoutMillis);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMillis);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    transfers.push_back(std::move(t));
  }
  curl.perform_all([&](CURL* easy, CURLcode result) {
    Transfer* t = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
    if (result != CURLE_OK) {
      errors[t->index] = t->error[0] ? t->error : curl_easy_strerror(result);
      if (errors[t->index].empty()) errors[t->index] = "sending failed";
    }
  });
  return errors;
}

size_t MailDispatcher::run_due() {
  const MailOptions& o = ctx_.options.mail;
  return drain_.run(store::mail::claim_due, [&](const auto& batch, core::Millis now) {
    std::vector<std::string> errors;
    if (o.smtp_url.empty())
      errors.assign(batch.size(), "Mail.SmtpUrl is not set");
    else
      errors = send(batch);
    std::size_t sent = 0;
    ctx_.db.write([&](store::Connection& c) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& m = batch[i];
        if (o.smtp_url.empty()) {
          store::mail::settle(c, m.id, "skipped", m.attempts, now, errors[i], std::nullopt, now);
          continue;
        }
        int attempts = m.attempts + 1;
        if (errors[i].empty()) {
          store::mail::settle(c, m.id, "sent", attempts, now, std::nullopt, now, now);
          ++sent;
        } else if (attempts >= o.max_attempts) {
          store::mail::settle(c, m.id, "failed", attempts, now, errors[i], std::nullopt, now);
        } else {
          store::mail::settle(c, m.id, "queued", attempts, now + backoff(attempts, random_jitter()),
                              errors[i], std::nullopt, now);
        }
      }
    });
    return sent;
  });
}

void MailDispatcher::start() {
  // Woken when mail is queued; otherwise once a second for retries that fell
  // due and mail other nodes queued.
  loop_.start("mail", [this] {
    run_due();
    return std::chrono::milliseconds(1000);
  });
}

}  // namespace escalated::services
