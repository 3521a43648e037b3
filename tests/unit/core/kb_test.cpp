// The knowledge base's pure rules: slugs, the category tree, the line diff,
// search words, the typo fallback, locales and the needs-work threshold.
#include "core/kb.h"

#include <gtest/gtest.h>

namespace escalated::core::kb {
namespace {

TEST(KbRules, SlugsComeFromTitlesAndFollowOneRule) {
  EXPECT_EQ(slugify("Reset your password!"), "reset-your-password");
  EXPECT_EQ(slugify("  --Ünïcode & more--  "), "n-code-more");
  EXPECT_EQ(slugify("日本語"), "");
  EXPECT_FALSE(slug_error("a-b-1"));
  EXPECT_TRUE(slug_error("a--b"));
  EXPECT_TRUE(slug_error("-a"));
  EXPECT_TRUE(slug_error("A"));
  EXPECT_TRUE(slug_error(""));
  EXPECT_TRUE(slug_error(std::string(121, 'a')));
}

TEST(KbRules, ParentsMayNotCloseALoopOrNestTooDeep) {
  std::map<std::int64_t, std::optional<std::int64_t>> parents{{1, std::nullopt}, {2, 1}, {3, 2}};
  EXPECT_TRUE(parent_makes_cycle(1, 3, parents));
  EXPECT_TRUE(parent_makes_cycle(2, 2, parents));
  EXPECT_FALSE(parent_makes_cycle(3, 1, parents));
  std::map<std::int64_t, std::optional<std::int64_t>> chain{{1, std::nullopt}};
  for (std::int64_t i = 2; i <= 9; ++i) chain[i] = i - 1;
  EXPECT_TRUE(parent_makes_cycle(100, 9, chain)) << "a ninth level is too deep";
  EXPECT_EQ(subtree(1, parents), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(KbRules, TheLineDiffPutsRemovalsBeforeInsertions) {
  auto d = line_diff("a\nb\nc\n", "a\nB\nc\nd");
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].op, DiffLine::Op::kEqual);
  EXPECT_EQ(d[1].op, DiffLine::Op::kDelete);
  EXPECT_EQ(d[1].text, "b");
  EXPECT_EQ(d[2].op, DiffLine::Op::kInsert);
  EXPECT_EQ(d[2].text, "B");
  EXPECT_EQ(d[3].text, "c");
  EXPECT_EQ(d[4].op, DiffLine::Op::kInsert);
  EXPECT_TRUE(line_diff("", "").empty());
  EXPECT_EQ(line_diff("x\r\n", "x").size(), 1u) << "CRLF and LF lines are the same line";
}

TEST(KbRules, SearchWordsAreLettersAndDigits) {
  EXPECT_EQ(search_words("Can't LOG-in? \"quoted\"*"),
            (std::vector<std::string>{"can", "t", "log", "in", "quoted"}));
  EXPECT_EQ(search_words("größe größe"), (std::vector<std::string>{"größe"}));
  EXPECT_TRUE(search_words(" -*\" ").empty());
  EXPECT_EQ(search_words("a b c d e f g h i j").size(), kMaxSearchWords);
}

TEST(KbRules, AnyWordSearchesSkipShortWordsUnlessAllAreShort) {
  EXPECT_EQ(any_word_terms(search_words("How do I fix my VPN")),
            (std::vector<std::string>{"how", "fix", "vpn"}));
  EXPECT_EQ(any_word_terms(search_words("パスワード を")), (std::vector<std::string>{"パスワード"}))
      << "characters, not bytes";
  EXPECT_EQ(any_word_terms(search_words("my id")), (std::vector<std::string>{"my", "id"}));
}

TEST(KbRules, SnippetsShowTheBestRunOfMatches) {
  const std::string body =
      "Open Settings. Choose Security, then Passwords. Lorem ipsum dolor sit amet, one two three "
      "four five six seven eight nine ten eleven twelve. To reset a password, open the reset "
      "page and type the new password twice.";
  std::string s = snippet(body, {"reset", "passw"}, true);
  EXPECT_EQ(s,
            "…three four five six seven eight nine ten eleven twelve. To \x01reset\x02 a "
            "\x01password\x02, open the \x01reset\x02 page and type the new \x01password\x02 "
            "twice.")
      << "the run holding both words most often, not the first Passwords alone";
  const std::string longer = body + " Then sign in again with it and keep it somewhere safe.";
  EXPECT_TRUE(snippet(longer, {"reset", "passw"}, true).starts_with("…eleven twelve. To \x01reset"))
      << "a few words of lead-in before the first match";
  EXPECT_EQ(snippet(body, {"reset", "passw"}, false).find("\x01password"), std::string::npos)
      << "a finished word is not a prefix";
  EXPECT_EQ(snippet("Short <b>Never</b> share it.", {"share"}, false),
            "Short <b>Never</b> \x01share\x02 it.");
  EXPECT_EQ(snippet(body, {"zzz"}, true).substr(0, 29), "Open Settings. Choose Securit")
      << "no match: the beginning";
  EXPECT_TRUE(snippet(body, {"zzz"}, true).ends_with("…"));
  EXPECT_EQ(snippet("", {"a"}, true), "");
  EXPECT_EQ(snippet("ÜBER über", {"über"}, false), "ÜBER \x01über\x02")
      << "ASCII case folding only, as search_words";
}

TEST(KbRules, TyposStillFindATitle) {
  EXPECT_EQ(typo_distance({"pasword"}, "Reset your password"), 1);
  EXPECT_EQ(typo_distance({"passowrd"}, "Reset your password"), 1) << "a swap is one edit";
  EXPECT_EQ(typo_distance({"pass"}, "Reset your password"), 0) << "a prefix";
  EXPECT_FALSE(typo_distance({"invoice"}, "Reset your password"));
  EXPECT_FALSE(typo_distance({"ab"}, "ab"));
  EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3);
  EXPECT_EQ(edit_distance("kitten", "sitting", 1), 2);
}

TEST(KbRules, LocalesAndSearchConfigurations) {
  EXPECT_EQ(normalize_locale("pt_BR"), "pt-br");
  EXPECT_EQ(normalize_locale("en"), "en");
  EXPECT_FALSE(normalize_locale("e"));
  EXPECT_FALSE(normalize_locale("en-"));
  EXPECT_FALSE(normalize_locale("1a"));
  EXPECT_FALSE(normalize_locale("en-us-x"));
  EXPECT_EQ(search_config("de-at"), "german");
  EXPECT_EQ(search_config("ja"), "simple");
  EXPECT_TRUE(unspaced_script("zh-hant"));
  EXPECT_FALSE(unspaced_script("en"));
}

TEST(KbRules, PublishingAndNeedsWork) {
  EXPECT_TRUE(needs_publish(Status::kDraft, Status::kPublished, false));
  EXPECT_TRUE(needs_publish(Status::kPublished, Status::kDraft, false));
  EXPECT_TRUE(needs_publish(Status::kPublished, Status::kPublished, true));
  EXPECT_FALSE(needs_publish(Status::kPublished, Status::kPublished, false));
  EXPECT_FALSE(needs_publish(Status::kDraft, Status::kDraft, true));
  EXPECT_FALSE(needs_work(1, 1));
  EXPECT_TRUE(needs_work(1, 2));
  EXPECT_FALSE(needs_work(2, 2));
  EXPECT_EQ(utc_day(86'400'000), 1);
  EXPECT_EQ(utc_day(-1), -1);
}

}  // namespace
}  // namespace escalated::core::kb
