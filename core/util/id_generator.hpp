#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace core::util {

// The only source of randomness for domain code (ids, tokens, cursors). Thread-safe.
// A fixed seed makes every id of a run reproducible (tests, recorded demos); seed 0 means
// "seed from the operating system".
class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed = 0);

  // RFC 4122 version 4 UUID, lower case: "1b4e28ba-2fa1-41d2-883f-0016d3cca427".
  std::string uuid4();
  // n lower-case hex digits.
  std::string hex(std::size_t n);
  // n characters from [a-z0-9].
  std::string alnum(std::size_t n);
  // n random bytes, base64url without padding (opaque secrets such as bearer tokens).
  std::string secret(std::size_t bytes);
  std::uint64_t next_u64();

 private:
  // n random lower-case hex digits into out; hex() and uuid4() both draw them this way.
  void fill_hex(char* out, std::size_t n);

  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace core::util
