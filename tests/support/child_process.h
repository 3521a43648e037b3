// A program under test as a child process, with its stdout captured by a
// reader thread, so black-box tests can wait for what it prints, signal it,
// and always reap it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace escalated::testing {

class ChildProcess {
 public:
  // Starts `binary` with `args`; `extra_env` is added to this process's
  // environment (replacing variables of the same name).
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& extra_env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Everything the child has written to stdout so far.
  std::string output();

  // Waits until the output matches `pattern` or the deadline passes; returns
  // the match's first group (or the whole match) when it does.
  std::optional<std::string> wait_for_output(const std::regex& pattern,
                                             std::chrono::milliseconds timeout);

  // Waits for the child to exit; returns its wait status, or nullopt when it
  // is still running at the deadline.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  void signal(int sig);

  // SIGKILL and reap, whatever state the child is in.
  void kill_now();

 private:
  void read_until_eof(int fd);

  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;
  bool eof_ = false;
};

}  // namespace escalated::testing
