// The languages the helpdesk speaks, and which one a person reads.
//
// A locale is one of the fourteen tags of kLocales, spelt as listed
// ("pt-BR", not "pt_br"). Who reads which: the user's own choice, else the
// browser's Accept-Language, else the configuration's DefaultLocale
// (effective_locale). Mail has no browser: the recipient's own choice, else
// DefaultLocale.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace escalated::core {

inline constexpr std::array<std::string_view, 14> kLocales = {
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt-BR", "ru", "tr", "zh-CN"};

inline constexpr std::string_view kFallbackLocale = "en";

// "ar, de, en, ...": the locales for messages that list them.
std::string locale_list();

// Whether `tag` is one of kLocales exactly as spelt there.
bool supported_locale(std::string_view tag);

// The supported locale a BCP 47 language tag asks for, any case, "_" read as
// "-": the tag itself, else its language's locale ("de-AT" -> "de",
// "pt" and "pt-PT" -> "pt-BR", "zh", "zh-Hans" and "zh-SG" -> "zh-CN").
// Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO) is not Simplified
// Chinese: nullopt, like "*" and languages we do not speak.
std::optional<std::string> match_locale(std::string_view tag);

// The best supported locale of an Accept-Language header (RFC 9110 12.5.4):
// ranges by falling q-value (ties in header order), q=0 ranges refused, each
// matched as match_locale does. nullopt when none matches or the header is
// malformed beyond use; only the first 32 ranges are read.
std::optional<std::string> locale_from_accept_language(std::string_view header);

// The locale a person reads: their own `chosen` one, else the best match of
// `accept_language`, else `default_locale`.
std::string effective_locale(const std::optional<std::string>& chosen,
                             std::optional<std::string_view> accept_language,
                             const std::string& default_locale);

}  // namespace escalated::core
