// The one placeholder language of the product, shared by the mail templates
// and the agent's canned responses and macro replies: "{{ name }}" is
// replaced by a value, nothing else is special, nothing is ever evaluated.
// Which names a text may use is the caller's list; unknown ones are refused
// when the text is saved.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// Walks a template: literal text and placeholder names (trimmed of spaces
// and tabs), in order. Returns an error message for a "{{" without its "}}".
std::optional<std::string> scan_placeholders(
    std::string_view text, const std::function<void(std::string_view)>& literal,
    const std::function<void(const std::string&)>& placeholder);

// The problems of `text` against the names it may use: "uses the unknown
// placeholder {{x}}" per unknown name, and an unclosed "{{".
std::vector<std::string> placeholder_problems(std::string_view text,
                                              const std::vector<std::string>& known);

// `text` with every placeholder replaced by escape(value); a name `value`
// does not know (returns nullopt) becomes "".
std::string fill_placeholders(
    std::string_view text,
    const std::function<std::optional<std::string>(const std::string& name)>& value,
    const std::function<std::string(std::string_view)>& escape);

// `text` as Markdown that shows it literally: every ASCII punctuation
// character Markdown could read as syntax is backslash-escaped, and line
// breaks become spaces (a value is one inline run, never a new block).
std::string markdown_escape(std::string_view text);

}  // namespace escalated::core
