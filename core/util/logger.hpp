#pragma once

#include <atomic>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace core::util {

// Line-oriented log to one stream (stderr in the servers). Thread-safe: each line is written
// whole. `component` prefixes every line so that logs of embedded servers can be told apart.
class Logger {
 public:
  enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

  Logger(std::ostream& out, std::string component, Level level = Level::kInfo)
      : out_(out), component_(std::move(component)), level_(level) {}

  void debug(std::string_view message) { write(Level::kDebug, message); }
  void info(std::string_view message) { write(Level::kInfo, message); }
  void warn(std::string_view message) { write(Level::kWarn, message); }
  void error(std::string_view message) { write(Level::kError, message); }

  bool enabled(Level level) const { return level >= level_.load(); }
  void set_level(Level level) { level_.store(level); }
  const std::string& component() const { return component_; }

  // "debug" | "info" | "warn" | "error" | "off"; false if unknown.
  static bool parse_level(std::string_view text, Level& out);

 private:
  void write(Level level, std::string_view message);

  std::ostream& out_;
  std::string component_;
  std::atomic<Level> level_;
  std::mutex mutex_;
};

}  // namespace core::util
