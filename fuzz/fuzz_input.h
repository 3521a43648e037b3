// Splits one fuzzer input into the pieces a target needs. libFuzzer hands a
// target a flat byte string; targets that need several values (a route
// index, a header, a body) cut them from the front, so that the fuzzer's
// mutations of any byte reach one piece and the corpus files stay readable
// ("GET /x\n\nbody").
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace escalated::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // One byte, 0 when the input is used up.
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }

  // Everything up to the next `delimiter` (consumed, not returned), or the
  // whole remainder when there is none.
  std::string_view until(std::string_view delimiter) {
    std::size_t at = rest_.find(delimiter);
    std::string_view piece = rest_.substr(0, at);
    rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + delimiter.size());
    return piece;
  }

  std::string_view rest() {
    std::string_view all = rest_;
    rest_ = {};
    return all;
  }

  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace escalated::fuzz
