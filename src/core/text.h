// Small text helpers shared by configuration, the command line and services.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// "a, b,,c " -> {"a", "b", "c"}: split on `separator`, each item trimmed of
// spaces and tabs, empty items dropped.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

// `text` without the characters of `blanks` at either end.
std::string trim(std::string_view text, std::string_view blanks = " \t\r\n");
// ASCII letters in lower case, every other byte as it was (e-mail addresses,
// host names, header names: never locale-dependent).
std::string lower(std::string text);
// An e-mail address as accounts are keyed: trimmed and lower-cased. The one
// spelling sign-in, its throttle and sign-up all use, so " Ada@X.org" and
// "ada@x.org" are one account and one lock.
std::string normalize_email(std::string_view text);

// A positive integer written in plain digits (an id in a path, a query or a
// cursor): nullopt for anything else, signs, spaces and 0 included.
std::optional<std::int64_t> positive_int(std::string_view text);

}  // namespace escalated::core
