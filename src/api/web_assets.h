// The built web UI (the copy of web/dist compiled into the library, or a
// WebRoot directory): index.html for every browser navigation under the
// route prefix, and the hashed files under assets/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace escalated::api {

class WebAssets {
 public:
  struct File {
    std::string content_type;
    std::string body;
  };

  // Reads `root`/index.html, `root`/widget.js and every regular file directly under
  // `root`/assets once, into memory; later calls never touch the disk, so a
  // rebuilt UI shows after a restart. An empty `root` means the UI embedded
  // at build time (api/web_ui_bundle.h), read from no disk at all. `mount` is the route prefix
  // ("/support", or "" at the root): the UI is built for /support/ and index.html is rewritten for
  // any other.
  WebAssets(std::string root, std::string mount);

  // True when the UI was built (index.html was found or embedded).
  bool built() const { return index_.has_value(); }
  // The WebRoot directory; "" for the embedded UI.
  const std::string& root() const { return root_; }
  // index.html, or nullptr when the UI was not built.
  const std::string* index_html() const { return index_ ? &*index_ : nullptr; }
  // The embeddable widget's script (widget.js beside index.html), or
  // nullptr when it was not built.
  const std::string* widget_script() const { return widget_ ? &*widget_ : nullptr; }
  // A file under assets/ by its name ("index-3f2a.js"); nullptr for a name
  // that was not built, including any name with a slash, a backslash or "..".
  const File* asset(std::string_view name) const;

  // The Content-Type for a file name, by its extension.
  static std::string content_type_for(std::string_view name);

 private:
  std::string root_;
  std::optional<std::string> index_;
  std::optional<std::string> widget_;
  std::map<std::string, File, std::less<>> assets_;
};

}  // namespace escalated::api
