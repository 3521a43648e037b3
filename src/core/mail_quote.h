// Inbound mail carries the whole conversation below the new text: mail
// clients quote what they answer. The ticket already holds that history, so
// only the new part becomes the reply.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escalated::core {

// The text above the quoted history: everything before the first line that
// starts a quote - "On <date>, <name> wrote:" (also wrapped over two lines),
// a run of lines starting with ">", "-----Original Message-----", an Outlook
// header block ("From: ..." followed by "Sent:" or "Date:" within a few
// lines), or our own "## Reply above this line ##" marker. Trailing blank
// lines and a trailing "-- " signature go too. When nothing would be left (a
// message that is only a quote), the text is returned as it was, trimmed.
// Only the first kMaxQuoteScanBytes are read (the output cap): the new text
// sits at the top, and nobody reads a megabyte of it.
std::string trim_quoted_history(std::string_view text);

inline constexpr std::size_t kMaxQuoteScanBytes = 1 << 20;

// The marker our notifications may put above the quoted thread.
inline constexpr std::string_view kReplyAboveMarker = "## Reply above this line ##";

}  // namespace escalated::core
