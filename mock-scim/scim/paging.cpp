#include "mock-scim/scim/paging.hpp"

#include <charconv>

#include "core/scim/error.hpp"

namespace mock_scim::scim {
namespace {

// FNV-1a: a stable fingerprint of the filter text (not a secret).
std::uint64_t fingerprint(const std::optional<std::string>& filter) {
  std::uint64_t h = 1469598103934665603ULL;
  const std::string text = filter ? "f" + *filter : "-";
  for (const char ch : text) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, 16);
  return std::string(buf, end);
}

}  // namespace

std::string make_cursor(std::uint64_t after_seq, const std::optional<std::string>& filter) {
  return "v1:" + hex(after_seq) + ":" + hex(fingerprint(filter));
}

std::uint64_t read_cursor(std::string_view cursor, const std::optional<std::string>& filter) {
  if (cursor.empty()) return 0;
  const auto bad = [] { return core::scim::Error::invalid_value("The cursor is invalid."); };
  if (cursor.substr(0, 3) != "v1:") throw bad();
  const auto rest = cursor.substr(3);
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) throw bad();
  std::uint64_t seq = 0;
  std::uint64_t print = 0;
  const auto a = rest.substr(0, colon);
  const auto b = rest.substr(colon + 1);
  auto [p1, e1] = std::from_chars(a.data(), a.data() + a.size(), seq, 16);
  auto [p2, e2] = std::from_chars(b.data(), b.data() + b.size(), print, 16);
  if (e1 != std::errc() || p1 != a.data() + a.size() || e2 != std::errc() ||
      p2 != b.data() + b.size()) {
    throw bad();
  }
  if (print != fingerprint(filter)) {
    throw core::scim::Error::invalid_value(
        "The filter must not change between pagination requests.");
  }
  return seq;
}

}  // namespace mock_scim::scim
