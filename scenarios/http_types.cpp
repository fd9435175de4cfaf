#include "scenarios/http_types.hpp"

#include <algorithm>
#include <cctype>

#include "core/util/ascii.hpp"

namespace scenarios {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Removes "." and ".." segments (RFC 3986 §5.2.4).
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  const bool trailing =
      path.size() > 0 && (path.back() == '/' || path.ends_with("/.") || path.ends_with("/.."));
  while (pos <= path.size()) {
    const auto next = path.find('/', pos);
    const auto seg =
        path.substr(pos, next == std::string_view::npos ? path.size() - pos : next - pos);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (seg != "." && !seg.empty()) {
      out.emplace_back(seg);
    }
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  std::string result;
  for (const auto& s : out) result += "/" + s;
  if (result.empty() || trailing) result += "/";
  return result;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) { return core::util::iequals_ascii(a, b); }

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return std::nullopt;
}

void set_header(Headers& headers, std::string name, std::string value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return iequals(h.first, name); }),
                headers.end());
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<SplitUrl> split_url(std::string_view url) {
  std::size_t scheme_len = 0;
  if (url.substr(0, 7) == "http://") {
    scheme_len = 7;
  } else if (url.substr(0, 8) == "https://") {
    scheme_len = 8;
  } else {
    return std::nullopt;
  }
  const auto slash = url.find_first_of("/?#", scheme_len);
  const auto host_end = slash == std::string_view::npos ? url.size() : slash;
  if (host_end == scheme_len) return std::nullopt;
  SplitUrl out;
  out.origin = std::string(url.substr(0, host_end));
  std::string rest = std::string(url.substr(host_end));
  const auto hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  if (rest.empty() || rest.front() == '?') rest = "/" + rest;
  out.path_and_query = std::move(rest);
  return out;
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  if (reference.substr(0, 7) == "http://" || reference.substr(0, 8) == "https://") {
    return std::string(reference);
  }
  const auto parts = split_url(base);
  if (!parts) return std::string(reference);
  if (reference.substr(0, 2) == "//") {
    return std::string(base.substr(0, base.find("//"))) + std::string(reference);
  }
  if (reference.empty()) return std::string(base);
  const std::string& pq = parts->path_and_query;
  const std::string base_path = pq.substr(0, pq.find('?'));
  if (reference.front() == '?') return parts->origin + base_path + std::string(reference);
  if (reference.front() == '#') return parts->origin + pq;
  std::string ref(reference);
  std::string query;
  if (const auto q = ref.find('?'); q != std::string::npos) {
    query = ref.substr(q);
    ref.resize(q);
  }
  std::string path;
  if (ref.front() == '/') {
    path = ref;
  } else {
    path = base_path.substr(0, base_path.rfind('/') + 1) + ref;
  }
  return parts->origin + remove_dot_segments(path) + query;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> form_decode(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    const auto pair = body.substr(pos, amp - pos);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(url_decode(pair), "");
      } else {
        out.emplace_back(url_decode(pair.substr(0, eq)), url_decode(pair.substr(eq + 1)));
      }
    }
    pos = amp + 1;
  }
  return out;
}

}  // namespace scenarios
