// The knowledge base's rules: who reads which articles, what a slug is, the
// category tree without cycles, the line diff between two versions, how a
// search query becomes words and how a misspelt word still finds a title,
// and when an article's ratings say it needs work. Pure: services read and
// write, these functions decide.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"

namespace escalated::core::kb {

// Who an article is written for: anyone, signed-in customers (and staff),
// or staff only.
enum class Audience { kPublic, kCustomers, kStaff };
std::string_view to_string(Audience a);
std::optional<Audience> parse_audience(std::string_view text);

enum class Status { kDraft, kPublished };
std::string_view to_string(Status s);
std::optional<Status> parse_status(std::string_view text);

// The audiences a reader may read (published articles only): anonymous
// callers (actor null) the public ones, signed-in users also the customers'
// ones, staff (ticket.view) every one.
std::vector<Audience> readable_audiences(const Actor* actor);
bool may_read(const Actor* actor, Audience audience);

// The staff side of the knowledge base - drafts, every audience, versions,
// feedback - is for staff holding kb.view, and for anyone who may write
// articles (kb.create, kb.edit or kb.publish). The customer role holds
// kb.view too ("reads the knowledge base"), which gives it no drafts.
bool sees_staff_side(const Actor& actor);

// A slug: 1-120 of a-z, 0-9 and single hyphens between them. The message
// for a bad one, else nullopt.
std::optional<std::string> slug_error(std::string_view slug);
// A slug made from a title: ASCII letters and digits lower-cased, every run
// of anything else one hyphen, at most 120 characters; "" when nothing is
// left (a title in another script: the caller asks for a slug).
std::string slugify(std::string_view title);

inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxBodyBytes = 200 * 1024;
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagChars = 50;
inline constexpr std::size_t kMaxCategoryNameChars = 120;
inline constexpr std::size_t kMaxFeedbackCommentChars = 2000;
inline constexpr std::size_t kMaxCategoryDepth = 8;

// Whether making `parent` the parent of category `id` closes a loop (or nests
// deeper than kMaxCategoryDepth), given every category's current parent.
bool parent_makes_cycle(std::int64_t id, std::int64_t parent,
                        const std::map<std::int64_t, std::optional<std::int64_t>>& parents);

// One line of a diff: kept, added (only in the newer text) or removed.
struct DiffLine {
  enum class Op { kEqual, kInsert, kDelete };
  Op op = Op::kEqual;
  std::string text;
};
std::string_view to_string(DiffLine::Op op);
// The line diff from `before` to `after`: a shortest edit script (dtl),
// removals before insertions in each changed run.
std::vector<DiffLine> line_diff(std::string_view before, std::string_view after);

// The words of a search query: runs of letters and digits (every byte of a
// multi-byte UTF-8 character counts as a letter), ASCII lower-cased, at most
// kMaxSearchWords of at most kMaxSearchWordBytes bytes each.
std::vector<std::string> search_words(std::string_view query);
// The words that count when any one of them may match: those of three or
// more characters, so "how do I fix my VPN" does not find every article with
// a word starting "i" or "my"; all of them when none is that long.
std::vector<std::string> any_word_terms(std::vector<std::string> words);
// The words of `body` around the best run of matches of `words` (the most
// distinct words within kSnippetWords, the earliest such run), each match
// between \x01 and \x02, "…" where the body goes on before or after. A word
// matches a body word equal to it (ASCII case folded), or that it begins
// when it is the last of `words` and `last_is_prefix`. The beginning of the
// body when nothing matches. Spaced scripts only: trigram searches (ja, ko,
// zh) have no words to cut at.
std::string snippet(std::string_view body, const std::vector<std::string>& words,
                    bool last_is_prefix);
inline constexpr std::size_t kSnippetWords = 24;
inline constexpr std::size_t kMaxSearchWords = 8;
inline constexpr std::size_t kMaxSearchWordBytes = 64;
inline constexpr std::size_t kMaxSearchQueryBytes = 200;
// How many of the newest matches a search ranks per pass (titles, then
// bodies): enough that the best article is among them for any query worth
// typing, few enough that a word in every article costs a few milliseconds.
inline constexpr std::int64_t kSearchCandidates = 1000;

// The typo fallback: how far a title is from the query's words. Every query
// word of three or more characters must be within reach of a word of the
// title - an edit distance (Levenshtein over code points, case folded for
// ASCII) of at most 1 for words up to 5 characters and 2 beyond, or the
// title's word starts with it. Returns the summed distance (lower is
// nearer), or nullopt when some word is out of reach or the query has no
// word of three characters.
std::optional<int> typo_distance(const std::vector<std::string>& query_words,
                                 std::string_view title);
// Edit distance between two words, in code points; stops counting past
// `limit` (returns limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

// Ratings: an article needs work once it has kNeedsWorkMinVotes votes or
// more and fewer than half of them found it helpful.
inline constexpr std::int64_t kNeedsWorkMinVotes = 3;
bool needs_work(std::int64_t helpful, std::int64_t not_helpful);

// A day number (UTC) of an instant, for "once per visitor per day".
std::int64_t utc_day(std::int64_t millis);

// Locales: a language code (2-3 letters) and an optional region or script
// ("en", "pt-br", "zh-hant"), stored lower-case. An article without a version
// in the asked locale is shown in kDefaultLocale.
inline constexpr std::string_view kDefaultLocale = "en";
// The locale lower-cased and with "_" as "-", or nullopt when it is not one.
std::optional<std::string> normalize_locale(std::string_view locale);
// PostgreSQL's text search configuration for a locale's language
// ("english", "german", ...), "simple" where PostgreSQL has none.
std::string_view search_config(std::string_view locale);
// Whether a locale's language writes words without spaces (ja, ko, zh): its
// articles are searched by trigrams rather than by words.
bool unspaced_script(std::string_view locale);

// Whether saving an article needs kb.publish: it goes live, leaves, or
// changes text while live. A save that leaves it published with new text
// publishes a new version.
bool needs_publish(Status before, Status after, bool text_changed);
bool publishes_version(Status after, bool was_new, Status before, bool text_changed);

// The category ids under `root` (itself included), given every category's parent.
std::vector<std::int64_t> subtree(
    std::int64_t root, const std::map<std::int64_t, std::optional<std::int64_t>>& parents);

}  // namespace escalated::core::kb
