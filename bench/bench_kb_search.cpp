// Knowledge base search under load (issue 19: p99 < 10 ms over 100k
// articles with 16 concurrent searches). Seeds N published articles of
// made-up words straight through the store (the index included), then runs
// GET /support/widget/kb/search through Helpdesk::handle - the whole
// middleware chain, routing, the service, SQL and JSON, without a socket -
// from T threads at once, each query two words, the second a 3-5 letter
// prefix as one types, and prints the latency percentiles.
//
//   bench_kb_search --database sqlite:/tmp/kb.db --articles 100000 --threads 16
//   bench_kb_search --database "$ESCALATED_TEST_PG_URL" ...
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/kb.h"
#include "escalated/helpdesk.h"
#include "store/database.h"
#include "store/kb_repo.h"
#include "store/migrations.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> make_vocabulary(std::mt19937_64& rng, int size) {
  static const char* kSyllables[] = {"ka",  "lo",  "mi",  "ne",  "pu",   "ra",  "si",  "to",  "va",
                                     "ze",  "bri", "cor", "dan", "fel",  "gor", "hul", "jin", "kes",
                                     "lum", "mor", "nat", "pol", "quin", "ros", "sta", "tre"};
  constexpr int kCount = sizeof(kSyllables) / sizeof(kSyllables[0]);
  std::vector<std::string> words;
  std::uniform_int_distribution<int> syllables(2, 4), pick(0, kCount - 1);
  while (static_cast<int>(words.size()) < size) {
    std::string w;
    for (int i = syllables(rng); i > 0; --i) w += kSyllables[pick(rng)];
    words.push_back(w);
  }
  return words;
}

std::string sentence(std::mt19937_64& rng, const std::vector<std::string>& vocabulary, int words) {
  // Zipf-like: low indexes (common words) far more often.
  std::exponential_distribution<double> rank(1.0 / 300.0);
  std::string out;
  for (int i = 0; i < words; ++i) {
    auto at = static_cast<std::size_t>(rank(rng)) % vocabulary.size();
    if (!out.empty()) out += ' ';
    out += vocabulary[at];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Knowledge base search benchmark"};
  std::string database = "sqlite:/tmp/bench-kb.db";
  int articles = 100'000, threads = 16, per_thread = 500;
  bool skip_seed = false;
  app.add_option("--database", database, "DatabaseUrl");
  app.add_option("--articles", articles, "articles to seed");
  app.add_option("--threads", threads, "concurrent searches");
  app.add_option("--queries", per_thread, "searches per thread");
  app.add_flag("--skip-seed", skip_seed, "the database is seeded already");
  CLI11_PARSE(app, argc, argv);

  namespace kb = escalated::store::kb;
  std::mt19937_64 rng(19);
  std::vector<std::string> vocabulary = make_vocabulary(rng, 5000);
  if (!skip_seed) {
    auto db = escalated::store::Database::open(database);
    escalated::store::migrate(*db);
    auto start = Clock::now();
    for (int done = 0; done < articles;) {
      db->write([&](escalated::store::Connection& c) {
        for (int i = 0; i < 5000 && done < articles; ++i, ++done) {
          kb::ArticleRecord r;
          r.title = sentence(rng, vocabulary, 4 + static_cast<int>(rng() % 5));
          r.slug = "a-" + std::to_string(done);
          r.locale = "en";
          r.body = sentence(rng, vocabulary, 80 + static_cast<int>(rng() % 80));
          r.body_html = "<p>" + r.body + "</p>";
          r.status = "published";
          r.audience = done % 10 == 0 ? "staff" : "public";
          r.published_at = r.created_at = r.updated_at = 1'770'000'000'000LL + done;
          r.id = kb::insert_article(c, r);
          kb::index_article(c, r, "english", false);
        }
      });
    }
    if (db->dialect() == escalated::store::Dialect::kPostgres)
      db->write([](escalated::store::Connection& c) { c.execute("ANALYZE kb_articles"); });
    std::printf("seeded %d articles in %.1f s\n", articles,
                std::chrono::duration<double>(Clock::now() - start).count());
  }

  escalated::Options options;
  options.database_url = database;
  options.rate_limits.enabled = false;
  auto helpdesk = escalated::Helpdesk::open(options);

  // Queries: a common word and a 3-5 letter prefix of another, as one types.
  std::vector<std::string> queries;
  for (int i = 0; i < 4096; ++i) {
    std::string first = vocabulary[rng() % 400];
    const std::string& second = vocabulary[rng() % 2000];
    queries.push_back(first + "+" + second.substr(0, 3 + rng() % 3));
  }
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::atomic<long> hits{0}, errors{0};
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto& mine = latencies[static_cast<std::size_t>(t)];
      for (int i = 0; i < per_thread; ++i) {
        escalated::Request req;
        req.method = "GET";
        req.target = "/support/widget/kb/search?limit=10&q=" +
                     queries[static_cast<std::size_t>(t * per_thread + i) % queries.size()];
        req.headers = {{"Accept", "application/json"}};
        req.remote_address = "127.0.0.1";
        auto t0 = Clock::now();
        escalated::Response res = helpdesk->handle(req);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (res.status != 200) ++errors;
        if (res.body.find("\"id\"") != std::string::npos) ++hits;
      }
    });
  }
  for (auto& w : workers) w.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all[static_cast<std::size_t>(p * (all.size() - 1))]; };
  std::printf(
      "%zu searches, %d threads, %.0f/s; with hits %ld, errors %ld\n"
      "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
      all.size(), threads, static_cast<double>(all.size()) / seconds, hits.load(), errors.load(),
      pct(0.5), pct(0.9), pct(0.99), all.back());
  return errors.load() == 0 ? 0 : 1;
}
