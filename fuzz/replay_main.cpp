// The driver of the fuzz targets where libFuzzer is not linked in (GCC, the
// AddressSanitizer tree that CI builds): runs every corpus file through the
// target, then mutates them for a while. The mutations are crude next to
// libFuzzer's coverage guidance, but under the sanitizers they are a smoke
// test of each decoder that costs seconds and needs no clang:
//
//   fuzz_markdown [--seconds=N] [--seed=N] FILE_OR_DIRECTORY...
//
// Exit status 0 when nothing crashed; a crash aborts (the sanitizers and
// abort_on_error do that), and the input is on disk as crash-input first.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs one input; the last one is kept on disk so that a crash (which ends
// the process before anything else can run) leaves its reproducer behind.
void run(const std::string& input) {
  {
    std::ofstream out("crash-input", std::ios::binary | std::ios::trunc);
    out << input;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

// One random edit of the kinds that find decoder bugs: a flipped bit, a byte
// set to a boundary value, a deleted or duplicated run (nesting, repetition),
// a piece of another corpus file spliced in.
std::string mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  int edits = 1 + static_cast<int>(pick(4));
  for (int e = 0; e < edits; ++e) {
    switch (pick(6)) {
      case 0:
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
        break;
      case 1: {
        static const char kSpecial[] = {'\0', '\n', '"', '<',    '>',   '\\',
                                        '{',  '[',  ':', '\xff', '\x80'};
        if (!s.empty()) s[pick(s.size())] = kSpecial[pick(sizeof kSpecial)];
        break;
      }
      case 2:
        if (!s.empty()) {
          std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(16, s.size() - at)));
        }
        break;
      case 3:
        if (!s.empty() && s.size() < 64 * 1024) {
          std::size_t at = pick(s.size());
          std::string run = s.substr(at, 1 + pick(32));
          std::size_t copies = 1 + pick(64);
          std::string repeated;
          for (std::size_t i = 0; i < copies; ++i) repeated += run;
          s.insert(at, repeated);
        }
        break;
      case 4: {
        const std::string& other = corpus[pick(corpus.size())];
        if (!other.empty()) {
          std::size_t from = pick(other.size());
          s.insert(pick(s.size() + 1), other.substr(from, 1 + pick(64)));
        }
        break;
      }
      default:
        s.insert(pick(s.size() + 1), 1, static_cast<char>(pick(256)));
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  double seconds = 10;
  std::uint64_t seed = 1;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0) {
      seconds = std::atof(arg.c_str() + 10);
    } else if (arg.rfind("--seed=", 0) == 0) {
      seed = std::strtoull(arg.c_str() + 7, nullptr, 10);
    } else if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg))
        if (entry.is_regular_file()) corpus.push_back(read_file(entry.path()));
    } else {
      corpus.push_back(read_file(arg));
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  for (const std::string& input : corpus) run(input);

  std::mt19937_64 rng(seed);
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::size_t runs = 0;
  while (std::chrono::steady_clock::now() < until) {
    run(mutate(corpus[rng() % corpus.size()], corpus, rng));
    ++runs;
  }
  std::remove("crash-input");
  std::cout << corpus.size() << " corpus inputs and " << runs << " mutations ran clean\n";
  return 0;
}
