#include "mock-scim/sso_admin/validation.hpp"

#include <array>

namespace mock_scim::sso_admin {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_hex(char c) { return is_lower_hex(c) || (c >= 'A' && c <= 'F'); }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr std::array<std::string_view, 5> kPartitions = {"aws", "aws-us-gov", "aws-cn", "aws-iso",
                                                         "aws-iso-b"};

// Consumes "arn:<partition>:" and returns the rest, or false.
bool strip_partition(std::string_view& s) {
  if (s.substr(0, 4) != "arn:") return false;
  s.remove_prefix(4);
  for (const auto p : kPartitions) {
    if (s.size() > p.size() && s.substr(0, p.size()) == p && s[p.size()] == ':') {
      s.remove_prefix(p.size() + 1);
      return true;
    }
  }
  return false;
}

// (sso)?ins-[a-zA-Z0-9-.]{16}
bool consume_instance_id(std::string_view& s) {
  if (s.substr(0, 3) == "sso") s.remove_prefix(3);
  if (s.substr(0, 4) != "ins-" || s.size() < 20) return false;
  for (std::size_t i = 4; i < 20; ++i) {
    const char c = s[i];
    if (!is_alnum(c) && c != '-' && c != '.') return false;
  }
  s.remove_prefix(20);
  return true;
}

bool is_uuid_shape(std::string_view s, bool lower_only) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash) {
      if (s[i] != '-') return false;
    } else if (lower_only ? !is_lower_hex(s[i]) : !is_hex(s[i])) {
      return false;
    }
  }
  return true;
}

// Decodes one code point at s[i]; returns false on malformed input.
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    cp = b0 & 0x1Fu;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0Fu;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0) {
    cp = b0 & 0x07u;
    len = 4;
  } else {
    return false;
  }
  if (i + len > s.size()) return false;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += len;
  return true;
}

}  // namespace

bool is_instance_arn(std::string_view s) {
  if (!strip_partition(s)) return false;
  if (s.substr(0, 15) != "sso:::instance/") return false;
  s.remove_prefix(15);
  return consume_instance_id(s) && s.empty();
}

bool is_permission_set_arn(std::string_view s) {
  if (!strip_partition(s)) return false;
  if (s.substr(0, 20) != "sso:::permissionSet/") return false;
  s.remove_prefix(20);
  if (!consume_instance_id(s)) return false;
  if (s.size() != 20 || s.substr(0, 4) != "/ps-") return false;
  for (std::size_t i = 4; i < 20; ++i) {
    const char c = s[i];
    if (!is_alnum(c) && c != '-' && c != '.' && c != '/') return false;
  }
  return true;
}

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool is_request_id(std::string_view s) { return is_uuid_shape(s, true); }

bool is_resource_id(std::string_view s) {
  if (s.size() == 47) {
    for (std::size_t i = 0; i < 10; ++i) {
      if (!is_lower_hex(s[i])) return false;
    }
    if (s[10] != '-') return false;
    s.remove_prefix(11);
  }
  return is_uuid_shape(s, false);
}

bool is_identity_store_id(std::string_view s) {
  if (s.size() == 12 && s.substr(0, 2) == "d-") {
    for (std::size_t i = 2; i < 12; ++i) {
      if (!is_lower_hex(s[i])) return false;
    }
    return true;
  }
  return is_uuid_shape(s, true);
}

bool is_permission_set_name(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_alnum(c) && c != '_' && c != '+' && c != '=' && c != ',' && c != '.' && c != '@' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

bool is_managed_policy_arn(std::string_view s) {
  if (!strip_partition(s)) return false;
  if (s.substr(0, 16) != "iam::aws:policy/" || s.size() == 16) return false;
  for (const char c : s.substr(16)) {
    if (static_cast<unsigned char>(c) < 0x21 && c != ' ') return false;
  }
  return true;
}

bool is_next_token(std::string_view s, bool allow_colon) {
  for (const char c : s) {
    if (!is_alnum(c) && c != '-' && c != '+' && c != '=' && c != '/' && c != '_' &&
        !(allow_colon && c == ':')) {
      return false;
    }
  }
  return true;
}

bool code_points_within(std::string_view s, char32_t lo, char32_t hi, char32_t lo2, char32_t hi2) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    if (!next_code_point(s, i, cp)) return false;
    if (cp == 0x09 || cp == 0x0A || cp == 0x0D) continue;
    if ((cp >= lo && cp <= hi) || (cp >= lo2 && cp <= hi2)) continue;
    return false;
  }
  return true;
}

bool is_relay_state(std::string_view s) {
  static constexpr std::string_view kExtra = "&$@#\\/%?=~-_'\"|!:,.;*+[] (){}";
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_alnum(c) && kExtra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_tag_text(std::string_view s) {
  static constexpr std::string_view kExtra = "_.:/=+-@ ";
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    if (!next_code_point(s, i, cp)) return false;
    if (cp >= 0x80) continue;  // letters, separators and digits outside ASCII
    const char c = static_cast<char>(cp);
    if (!is_alnum(c) && kExtra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    if (!next_code_point(s, i, cp)) return s.size();
    ++n;
  }
  return n;
}

}  // namespace mock_scim::sso_admin
