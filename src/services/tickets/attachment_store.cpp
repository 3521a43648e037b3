#include "services/tickets/attachment_store.h"

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

#include "security/tokens.h"

namespace escalated::services {

namespace fs = std::filesystem;

DiskAttachmentStore::DiskAttachmentStore(fs::path directory) : directory_(std::move(directory)) {}

fs::path DiskAttachmentStore::path_of(const std::string& sha256) const {
  return directory_ / sha256.substr(0, 2) / sha256.substr(2);
}

std::string DiskAttachmentStore::put(std::string_view bytes) {
  std::string sha = security::sha256_hex(bytes);
  fs::path target = path_of(sha);
  std::error_code ec;
  if (fs::exists(target, ec)) return sha;  // same content, same name: nothing to do
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw std::runtime_error("cannot create " + target.parent_path().string());
  static std::atomic<unsigned long> counter{0};
  fs::path temp = target;
  temp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      throw std::runtime_error("cannot write attachment " + temp.string());
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw std::runtime_error("cannot store attachment " + target.string());
  }
  return sha;
}

std::optional<std::string> DiskAttachmentStore::get(const std::string& sha256) {
  if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::nullopt;
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

fs::path attachment_directory(const Options& options) {
  if (!options.attachments.directory.empty()) return options.attachments.directory;
  const std::string& url = options.database_url;
  if (url.rfind("sqlite:", 0) == 0) {
    fs::path file = url.substr(7);
    return file.parent_path() / "attachments";
  }
  return "attachments";
}

}  // namespace escalated::services
