#include "core/net/http1.hpp"

#include <array>
#include <charconv>

#include "core/util/ascii.hpp"

namespace core::net::http1 {
namespace {

using util::iequals_ascii;

constexpr std::array<std::string_view, 9> kMethods = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"};
constexpr std::size_t kMaxChunkLine = 1024;  // chunk size + extensions

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True if the comma-separated list `value` holds `token` (case-insensitive).
bool list_has(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (iequals_ascii(trim_ows(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Where the head ends (just past its blank line) in `input`, searching from `from`; npos if
// not yet. Lines may end in CRLF or, leniently (RFC 9112 §2.2), a bare LF.
std::size_t find_head_end(std::string_view input, std::size_t from, std::size_t& scanned) {
  for (std::size_t i = input.find('\n', from); i != std::string_view::npos;
       i = input.find('\n', i + 1)) {
    if (i + 1 >= input.size()) {
      scanned = i;
      return std::string_view::npos;
    }
    if (input[i + 1] == '\n') return i + 2;
    if (input[i + 1] == '\r') {
      if (i + 2 >= input.size()) {
        scanned = i;
        return std::string_view::npos;
      }
      if (input[i + 2] == '\n') return i + 3;
    }
  }
  scanned = input.empty() ? 0 : input.size() - 1;
  return std::string_view::npos;
}

std::string_view next_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string decode_lenient(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

void parse_params(std::string_view text, httplib::Params& params) {
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      if (!key.empty()) params.emplace(decode_lenient(key, true), decode_lenient(value, true));
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
}

RequestReader::Result RequestReader::bad(int status, std::string reason) {
  Result r;
  r.state = State::kBad;
  r.status = status;
  r.reason = std::move(reason);
  keep_alive_ = false;
  return r;
}

RequestReader::Result RequestReader::next(std::string_view input, httplib::Request& req) {
  if (state_ == Phase::kBody) return read_body(input, req);
  // RFC 9112 §2.2: empty lines before the request line are ignored.
  std::size_t skip = 0;
  while (skip < input.size() && (input[skip] == '\r' || input[skip] == '\n')) ++skip;
  if (skip > limits_.max_head_bytes) {
    return bad(400, "more than " + std::to_string(limits_.max_head_bytes) +
                        " bytes of empty lines before the request line");
  }
  const std::string_view rest = input.substr(skip);
  const std::size_t end = find_head_end(rest, scanned_, scanned_);
  if (end == std::string_view::npos) {
    if (rest.size() > limits_.max_head_bytes) {
      return bad(431, "the request line and headers exceed " +
                          std::to_string(limits_.max_head_bytes) + " bytes");
    }
    return {};
  }
  if (end > limits_.max_head_bytes) {
    return bad(431, "the request line and headers exceed " +
                        std::to_string(limits_.max_head_bytes) + " bytes");
  }
  scanned_ = 0;
  Result head = parse_head(rest.substr(0, end), req);
  if (head.state == State::kBad) return head;
  head_bytes_ = skip + end;
  state_ = Phase::kBody;
  return read_body(input, req);
}

RequestReader::Result RequestReader::parse_head(std::string_view head, httplib::Request& req) {
  std::string_view lines = head;
  const std::string_view request_line = next_line(lines);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) {
    return bad(400, "the request line is not \"METHOD target HTTP/1.1\"");
  }
  const std::string_view method = request_line.substr(0, sp1);
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!is_token(method)) return bad(400, "the request method is not a token");
  bool known = false;
  for (const auto m : kMethods) known = known || m == method;
  if (!known) return bad(501, "the method " + std::string(method) + " is not implemented");
  if (target.size() > limits_.max_target_bytes) {
    return bad(414,
               "the request target exceeds " + std::to_string(limits_.max_target_bytes) + " bytes");
  }
  for (const char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return bad(400, "the request target holds a control character");
    }
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    const auto digit = [&](std::size_t i) { return version[i] >= '0' && version[i] <= '9'; };
    if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && digit(5) && version[6] == '.' &&
        digit(7)) {
      return bad(505, "HTTP version " + std::string(version.substr(5)) + " is not supported");
    }
    return bad(400, "the request line does not end in an HTTP version");
  }
  // RFC 9112 §3.2.2: a server accepts the absolute form ("http://host/path") and uses its path.
  std::string_view origin = target;
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() > scheme.size() && iequals_ascii(origin.substr(0, scheme.size()), scheme)) {
      const auto slash = origin.find('/', scheme.size());
      origin = slash == std::string_view::npos ? std::string_view("/") : origin.substr(slash);
    }
  }
  if (origin.empty() || (origin.front() != '/' && !(method == "OPTIONS" && origin == "*"))) {
    return bad(400, "the request target must be a path starting with '/'");
  }
  req.method.assign(method);
  req.target.assign(origin);
  req.version.assign(version);
  const auto q = origin.find('?');
  req.path = decode_lenient(origin.substr(0, q), false);
  if (q != std::string_view::npos) parse_params(origin.substr(q + 1), req.params);

  std::size_t count = 0;
  while (!lines.empty()) {
    const std::string_view line = next_line(lines);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      return bad(400, "folded header lines (obs-fold) are not accepted");
    }
    if (++count > limits_.max_headers) {
      return bad(431, "more than " + std::to_string(limits_.max_headers) + " header fields");
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return bad(400, "a header line is not \"Name: value\"");
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    for (const char c : value) {
      if (c == '\r' || c == '\0') return bad(400, "a header value holds CR or NUL");
    }
    req.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
  }

  const bool http10 = version == "HTTP/1.0";
  const auto hosts = req.get_header_value_count("Host");
  if (hosts > 1) return bad(400, "the Host header is given twice");
  if (!http10 && hosts == 0) return bad(400, "an HTTP/1.1 request needs a Host header");
  const std::string connection = req.get_header_value("Connection");
  keep_alive_ = http10 ? list_has(connection, "keep-alive") : !list_has(connection, "close");

  chunked_ = false;
  content_length_ = 0;
  const bool has_length = req.has_header("Content-Length");
  if (req.has_header("Transfer-Encoding")) {
    if (has_length) return bad(400, "both Transfer-Encoding and Content-Length are given");
    if (req.get_header_value_count("Transfer-Encoding") != 1 ||
        !iequals_ascii(trim_ows(req.get_header_value("Transfer-Encoding")), "chunked")) {
      return bad(501, "only the chunked transfer coding is supported");
    }
    chunked_ = true;
  } else if (has_length) {
    const auto n = req.get_header_value_count("Content-Length");
    std::string first = req.get_header_value("Content-Length");
    for (std::size_t i = 1; i < n; ++i) {
      if (req.get_header_value("Content-Length", i) != first) {
        return bad(400, "Content-Length is given twice with different values");
      }
    }
    const char* b = first.data();
    const char* e = b + first.size();
    std::size_t length = 0;
    const auto [p, ec] = std::from_chars(b, e, length);
    if (first.empty() || ec != std::errc() || p != e) {
      return bad(400, "Content-Length is not a number");
    }
    content_length_ = length;
  }
  if (content_length_ > limits_.max_body_bytes) {
    return bad(413,
               "the request body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes");
  }
  const std::string expect = req.get_header_value("Expect");
  expect_continue_ = false;
  if (!expect.empty()) {
    if (!iequals_ascii(trim_ows(expect), "100-continue")) {
      return bad(417, "only \"Expect: 100-continue\" is understood");
    }
    expect_continue_ = !http10 && (chunked_ || content_length_ > 0);
  }
  return {};
}

RequestReader::Result RequestReader::walk_chunks(std::string_view rest, std::size_t& total,
                                                 std::string* body) {
  Result r;
  const std::size_t begin_size = rest.size();
  total = 0;
  for (;;) {
    const auto nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      if (rest.size() > kMaxChunkLine) return bad(400, "a chunk-size line is too long");
      return r;
    }
    if (nl > kMaxChunkLine) return bad(400, "a chunk-size line is too long");
    std::string_view size_line = rest.substr(0, nl);
    if (!size_line.empty() && size_line.back() == '\r') size_line.remove_suffix(1);
    size_line = trim_ows(size_line.substr(0, size_line.find(';')));
    std::size_t size = 0;
    const char* const b = size_line.data();
    const char* const e = b + size_line.size();
    const auto [p, ec] = std::from_chars(b, e, size, 16);
    if (size_line.empty() || ec != std::errc() || p != e) {
      return bad(400, "a chunk size is not a hex number");
    }
    if (size > limits_.max_body_bytes - total) {
      return bad(413,
                 "the request body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes");
    }
    rest.remove_prefix(nl + 1);
    if (size == 0) break;
    if (rest.size() < size + 1) return r;
    std::size_t after = size;
    if (rest[after] == '\r') {
      if (rest.size() < size + 2) return r;
      ++after;
    }
    if (rest[after] != '\n') return bad(400, "a chunk is not followed by CRLF");
    if (body != nullptr) body->append(rest.substr(0, size));
    total += size;
    rest.remove_prefix(after + 1);
  }
  // Trailer fields up to the blank line are read and dropped.
  const std::size_t trailer_start = rest.size();
  for (;;) {
    const auto nl = rest.find('\n');
    if (trailer_start - rest.size() + (nl == std::string_view::npos ? rest.size() : nl) >
        limits_.max_head_bytes) {
      return bad(431, "the trailer is too large");
    }
    if (nl == std::string_view::npos) return r;
    const bool blank = nl == 0 || (nl == 1 && rest[0] == '\r');
    rest.remove_prefix(nl + 1);
    if (blank) break;
  }
  r.state = State::kReady;
  r.consumed = begin_size - rest.size();
  return r;
}

RequestReader::Result RequestReader::read_body(std::string_view input, httplib::Request& req) {
  Result r;
  if (!chunked_) {
    if (input.size() - head_bytes_ < content_length_) return r;
    req.body.assign(input.substr(head_bytes_, content_length_));
    r.consumed = head_bytes_ + content_length_;
  } else {
    // Two passes over the chunks: find the end and the total, then copy, so a body that is
    // still arriving is not copied each time a piece comes in.
    std::size_t total = 0;
    Result walked = walk_chunks(input.substr(head_bytes_), total, nullptr);
    if (walked.state != State::kReady) return walked;
    req.body.clear();
    req.body.reserve(total);
    walk_chunks(input.substr(head_bytes_), total, &req.body);
    r.consumed = head_bytes_ + walked.consumed;
  }
  r.state = State::kReady;
  state_ = Phase::kHead;
  return r;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";  // RFC 9112 §4: the reason phrase may be empty
  }
}

namespace {

int wire_status(int status) { return status < 100 || status > 999 ? 500 : status; }

bool has_body(int status) { return status >= 200 && status != 204 && status != 304; }

}  // namespace

void set_framing_headers(httplib::Response& res, bool close) {
  res.headers.erase("Content-Length");
  res.headers.erase("Connection");
  res.headers.erase("Transfer-Encoding");
  if (has_body(wire_status(res.status))) {
    res.headers.emplace("Content-Length", std::to_string(res.body.size()));
  }
  if (close) res.headers.emplace("Connection", "close");
}

void write_response(const httplib::Response& res, bool head_only, std::string& out) {
  const int status = wire_status(res.status);
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  for (const auto& [name, value] : res.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "\r\n";
  if (has_body(status) && !head_only) out += res.body;
}

}  // namespace core::net::http1
