#include "api/web_assets.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "api/web_ui_bundle.h"

namespace escalated::api {

namespace fs = std::filesystem;

namespace {

// The prefix the UI is built for (web/vite.config.ts `base`).
constexpr std::string_view kBuiltBase = "/support/";

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// Points the asset references of index.html at the configured prefix. Only
// attribute values starting with the built base are touched.
std::string rebase(std::string html, const std::string& mount) {
  if (mount + "/" == kBuiltBase) return html;
  const std::string from = "=\"" + std::string(kBuiltBase);
  const std::string to = "=\"" + mount + "/";
  for (size_t at = html.find(from); at != std::string::npos; at = html.find(from, at + to.size()))
    html.replace(at, from.size(), to);
  return html;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

WebAssets::WebAssets(std::string root, std::string mount) : root_(std::move(root)) {
  if (root_.empty()) {
    constexpr std::string_view kAssetDir = "assets/";
    for (const EmbeddedFile& file : embedded_web_ui()) {
      if (file.path == "index.html") {
        index_ = rebase(std::string(file.content), mount);
      } else if (file.path == "widget.js") {
        widget_ = std::string(file.content);
      } else if (file.path.substr(0, kAssetDir.size()) == kAssetDir) {
        std::string name(file.path.substr(kAssetDir.size()));
        assets_[name] = File{content_type_for(name), std::string(file.content)};
      }
    }
    return;
  }
  if (auto index = read_whole(fs::path(root_) / "index.html")) index_ = rebase(*index, mount);
  widget_ = read_whole(fs::path(root_) / "widget.js");
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(root_) / "assets", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = it->path().filename().string();
    if (auto body = read_whole(it->path())) assets_[name] = File{content_type_for(name), *body};
  }
}

const WebAssets::File* WebAssets::asset(std::string_view name) const {
  if (name.empty() || name.find_first_of("/\\") != std::string_view::npos ||
      name.find("..") != std::string_view::npos)
    return nullptr;
  auto it = assets_.find(name);
  return it == assets_.end() ? nullptr : &it->second;
}

std::string WebAssets::content_type_for(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes)
    if (ends_with(name, ext)) return std::string(type);
  return "application/octet-stream";
}

}  // namespace escalated::api
