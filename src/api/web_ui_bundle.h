// The web UI compiled into the library: cmake/embed_web_ui.cmake writes the
// definition from web/dist (index.html and the files of assets/) on every
// build, so the binary serves its UI from any working directory.
#pragma once

#include <span>
#include <string_view>

namespace escalated::api {

struct EmbeddedFile {
  std::string_view path;  // "index.html" or "assets/index-3f2a.js"
  std::string_view content;
};

// Every embedded file; empty when the build found no web/dist/index.html.
std::span<const EmbeddedFile> embedded_web_ui();

}  // namespace escalated::api
