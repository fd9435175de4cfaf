#include "mock-scim/sso_admin/pagination.hpp"

#include <charconv>
#include <cstdint>

#include "mock-scim/sso_admin/aws_error.hpp"

namespace mock_scim::sso_admin {
namespace {

// Tokens look like AWS's opaque base64-ish ones: "<tag>/<offset>/<check>", where check mixes
// both so that a hand-edited offset is caught.
std::uint32_t check_of(std::string_view tag, std::size_t offset) {
  std::uint32_t h = 2166136261u;
  for (const char c : tag) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  for (int i = 0; i < 8; ++i) {
    h = (h ^ static_cast<std::uint32_t>((offset >> (i * 8)) & 0xFFu)) * 16777619u;
  }
  return h;
}

}  // namespace

std::string next_token(std::string_view tag, std::size_t offset) {
  return std::string(tag) + "/" + std::to_string(offset) + "/" +
         std::to_string(check_of(tag, offset));
}

PageRequest read_page(std::string_view tag, const std::optional<std::string>& token,
                      std::optional<std::int64_t> max_results, std::size_t default_limit) {
  PageRequest page;
  page.limit = max_results ? static_cast<std::size_t>(*max_results) : default_limit;
  if (!token) return page;
  const std::string_view t = *token;
  const auto a = t.find('/');
  const auto b = a == std::string_view::npos ? a : t.find('/', a + 1);
  if (b == std::string_view::npos || t.substr(0, a) != tag) {
    throw AwsError::validation("Invalid NextToken.");
  }
  std::size_t offset = 0;
  std::uint32_t check = 0;
  const auto off = t.substr(a + 1, b - a - 1);
  const auto chk = t.substr(b + 1);
  const auto r1 = std::from_chars(off.data(), off.data() + off.size(), offset);
  const auto r2 = std::from_chars(chk.data(), chk.data() + chk.size(), check);
  if (r1.ec != std::errc() || r1.ptr != off.data() + off.size() || r2.ec != std::errc() ||
      r2.ptr != chk.data() + chk.size() || check != check_of(tag, offset)) {
    throw AwsError::validation("Invalid NextToken.");
  }
  page.offset = offset;
  return page;
}

}  // namespace mock_scim::sso_admin
