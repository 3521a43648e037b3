// Where attachment bytes live, behind a small interface so a shared store
// (an object store for several nodes) can replace the local disk. Blobs are
// content-addressed: the key is the SHA-256 of the bytes, so the same file
// uploaded twice is stored once and a blob never changes once written.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "escalated/options.h"

namespace escalated::services {

class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  // Stores the bytes (once per content) and returns their SHA-256 (hex).
  // Throws on I/O failure.
  virtual std::string put(std::string_view bytes) = 0;
  // The bytes stored under that SHA-256, or nullopt when there are none.
  virtual std::optional<std::string> get(const std::string& sha256) = 0;
};

// Blobs as files `<dir>/ab/cdef…` (the first two hex digits name the
// subdirectory), written to a temporary name and renamed into place so a
// reader never sees half a file.
class DiskAttachmentStore : public AttachmentStore {
 public:
  explicit DiskAttachmentStore(std::filesystem::path directory);
  std::string put(std::string_view bytes) override;
  std::optional<std::string> get(const std::string& sha256) override;
  std::filesystem::path path_of(const std::string& sha256) const;

 private:
  std::filesystem::path directory_;
};

// Attachments.Directory, or "attachments" next to the SQLite file (the
// working directory for PostgreSQL).
std::filesystem::path attachment_directory(const Options& options);

}  // namespace escalated::services
