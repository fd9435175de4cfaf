#include "core/net/http1.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

using core::net::http1::decode_lenient;
using core::net::http1::Limits;
using core::net::http1::parse_params;
using core::net::http1::reason_phrase;
using core::net::http1::RequestReader;
using core::net::http1::set_framing_headers;
using core::net::http1::write_response;
using State = RequestReader::State;

namespace {

// One reader and the request it fills, driven the way the event loop drives them: the same
// request until kReady, the unconsumed input each time.
struct Conn {
  explicit Conn(Limits limits = {}) : reader(limits) {}
  RequestReader::Result next(std::string_view input) { return reader.next(input, req); }
  RequestReader reader;
  httplib::Request req;
};

// Reads `input` in one call: the status it is refused with, 0 if it is not refused.
int refusal(std::string_view input, Limits limits = {}) {
  Conn c(limits);
  const auto r = c.next(input);
  if (r.state != State::kBad) return 0;
  CHECK(!r.reason.empty());
  CHECK_FALSE(c.reader.keep_alive());
  return r.status;
}

// Feeds `input` one byte more each call: kNeedMore until the last byte, then kReady having
// consumed all of it.
void read_byte_by_byte(Conn& c, std::string_view input) {
  for (std::size_t n = 0; n < input.size(); ++n) {
    const auto r = c.next(input.substr(0, n));
    INFO("prefix of " << n << " bytes");
    REQUIRE(r.state == State::kNeedMore);
    CHECK(r.consumed == 0);
  }
  const auto r = c.next(input);
  REQUIRE(r.state == State::kReady);
  CHECK(r.consumed == input.size());
}

std::string get(std::string_view target, std::string_view version = "HTTP/1.1") {
  return "GET " + std::string(target) + " " + std::string(version) + "\r\nHost: a\r\n\r\n";
}

std::string with_headers(std::string_view headers) {
  return "POST /p HTTP/1.1\r\nHost: a\r\n" + std::string(headers) + "\r\n";
}

const std::string kChunkedHead = with_headers("Transfer-Encoding: chunked\r\n");

}  // namespace

namespace Catch {
template <>
struct StringMaker<State> {
  static std::string convert(State s) {
    switch (s) {
      case State::kNeedMore:
        return "kNeedMore";
      case State::kReady:
        return "kReady";
      case State::kBad:
        return "kBad";
    }
    return "?";
  }
};
}  // namespace Catch

TEST_CASE("http1: a GET fills method, target, path, version, headers and params", "[net][http1]") {
  const std::string input =
      "GET /a%20b/c+d?x=1&name=J+Doe&pct=%41%2f%2B&bad=%zz%4&flag&=dropped HTTP/1.1\r\n"
      "Host: example.test\r\n"
      "X-Thing: \t spaced value \t\r\n"
      "Empty:\r\n"
      "\r\n";
  Conn c;
  const auto r = c.next(input);
  REQUIRE(r.state == State::kReady);
  CHECK(r.consumed == input.size());
  const httplib::Request& req = c.req;
  CHECK(req.method == "GET");
  CHECK(req.target == "/a%20b/c+d?x=1&name=J+Doe&pct=%41%2f%2B&bad=%zz%4&flag&=dropped");
  CHECK(req.path == "/a b/c+d");  // '+' is a space only in the query
  CHECK(req.version == "HTTP/1.1");
  CHECK(req.get_header_value("host") == "example.test");
  CHECK(req.get_header_value("X-Thing") == "spaced value");
  CHECK(req.has_header("Empty"));
  CHECK(req.get_header_value("Empty").empty());
  CHECK(req.headers.size() == 3);
  CHECK(req.get_param_value("x") == "1");
  CHECK(req.get_param_value("name") == "J Doe");
  CHECK(req.get_param_value("pct") == "A/+");
  CHECK(req.get_param_value("bad") == "%zz%4");
  CHECK(req.has_param("flag"));
  CHECK(req.get_param_value("flag").empty());
  CHECK(req.params.size() == 5);  // "=dropped" has no name
  CHECK(req.body.empty());
  CHECK(c.reader.keep_alive());
  CHECK_FALSE(c.reader.expects_continue());
}

TEST_CASE("http1: decode_lenient and parse_params", "[net][http1]") {
  SECTION("escapes and '+'") {
    CHECK(decode_lenient("a+b%20c%2Fd%2f", true) == "a b c/d/");
    CHECK(decode_lenient("a+b%20c", false) == "a+b c");
    CHECK(decode_lenient("%41%4a%4A", false) == "AJJ");
  }
  SECTION("escapes that are not two hex digits are kept") {
    CHECK(decode_lenient("%", true) == "%");
    CHECK(decode_lenient("%4", true) == "%4");
    CHECK(decode_lenient("100%", true) == "100%");
    CHECK(decode_lenient("%g1%1g", true) == "%g1%1g");
    CHECK(decode_lenient("%%41", true) == "%A");
    CHECK(decode_lenient("%+1", true) == "% 1");
  }
  SECTION("an escaped NUL is decoded, not cut short") {
    CHECK(decode_lenient("a%00b", false) == std::string("a\0b", 3));
  }
  SECTION("pairs, repeats, empty pairs and names") {
    httplib::Params params;
    parse_params("a=1&&b&a=2&=x&c=%3D%26&d=e=f", params);
    CHECK(params.count("a") == 2);
    CHECK(params.count("b") == 1);
    CHECK(params.find("b")->second.empty());
    CHECK(params.find("c")->second == "=&");
    CHECK(params.find("d")->second == "e=f");
    CHECK(params.size() == 5);
  }
  SECTION("adds to what is there") {
    httplib::Params params{{"z", "0"}};
    parse_params("", params);
    parse_params("y=1", params);
    CHECK(params.size() == 2);
  }
}

TEST_CASE("http1: a Content-Length body arriving in pieces", "[net][http1]") {
  const std::string head = with_headers("Content-Length: 11\r\n");
  const std::string input = head + "hello world";

  SECTION("kNeedMore until the last byte, then all of it consumed") {
    Conn c;
    read_byte_by_byte(c, input);
    CHECK(c.req.method == "POST");
    CHECK(c.req.body == "hello world");
  }
  SECTION("the head, then part of the body, then the rest and the next request's start") {
    Conn c;
    auto r = c.next(head);
    CHECK(r.state == State::kNeedMore);
    CHECK(c.req.method == "POST");  // the head is parsed once, before the body
    r = c.next(head + "hello");
    CHECK(r.state == State::kNeedMore);
    r = c.next(input + "GET / HT");
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == input.size());
    CHECK(c.req.body == "hello world");
  }
  SECTION("Content-Length: 0 is ready at the end of the head") {
    Conn c;
    const std::string empty = with_headers("Content-Length: 0\r\n");
    const auto r = c.next(empty);
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == empty.size());
    CHECK(c.req.body.empty());
  }
}

TEST_CASE("http1: two pipelined requests in one buffer", "[net][http1]") {
  const std::string first = get("/one");
  const std::string second = with_headers("Content-Length: 3\r\n") + "abc";
  const std::string input = first + second;
  Conn c;
  auto r = c.next(input);
  REQUIRE(r.state == State::kReady);
  CHECK(r.consumed == first.size());
  CHECK(c.req.path == "/one");
  c.req = httplib::Request();
  r = c.next(std::string_view(input).substr(first.size()));
  REQUIRE(r.state == State::kReady);
  CHECK(r.consumed == second.size());
  CHECK(c.req.path == "/p");
  CHECK(c.req.body == "abc");
  c.req = httplib::Request();
  CHECK(c.next("").state == State::kNeedMore);
}

TEST_CASE("http1: empty lines before the request line are ignored", "[net][http1]") {
  const std::string input = "\r\n\n\r\n" + get("/x");
  SECTION("in one piece") {
    Conn c;
    const auto r = c.next(input);
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == input.size());
    CHECK(c.req.path == "/x");
  }
  SECTION("byte by byte") {
    Conn c;
    read_byte_by_byte(c, input);
  }
}

TEST_CASE("http1: lines may end in a bare LF", "[net][http1]") {
  const std::string input = "POST /lf HTTP/1.1\nHost: a\r\nContent-Length: 2\n\nhiGET";
  Conn c;
  const auto r = c.next(input);
  REQUIRE(r.state == State::kReady);
  CHECK(r.consumed == input.size() - 3);
  CHECK(c.req.path == "/lf");
  CHECK(c.req.get_header_value("Host") == "a");
  CHECK(c.req.get_header_value("Content-Length") == "2");
  CHECK(c.req.body == "hi");
}

TEST_CASE("http1: chunked bodies", "[net][http1]") {
  SECTION("extensions, upper- and lower-case hex, a trailer that is dropped, split anywhere") {
    const std::string input = kChunkedHead +
                              "5;name=value\r\nhello\r\n"
                              "A ; a=1;b\r\n, world!!!\r\n"
                              "b\r\n and more.\n\r\n"
                              "0\r\n"
                              "X-Trailer: yes\r\n"
                              "\r\n";
    Conn c;
    read_byte_by_byte(c, input);
    CHECK(c.req.body == "hello, world!!! and more.\n");
    CHECK_FALSE(c.req.has_header("X-Trailer"));
  }
  SECTION("the next request's bytes are not consumed") {
    const std::string body = "3\r\nabc\r\n0\r\n\r\n";
    Conn c;
    const auto r = c.next(kChunkedHead + body + get("/next"));
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == kChunkedHead.size() + body.size());
    CHECK(c.req.body == "abc");
  }
  SECTION("bare LF after sizes and data, no trailer") {
    Conn c;
    const std::string input = kChunkedHead + "2\nok\n0\n\n";
    const auto r = c.next(input);
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == input.size());
    CHECK(c.req.body == "ok");
  }
  SECTION("the coding name is case-insensitive") {
    Conn c;
    const auto r = c.next(with_headers("Transfer-Encoding: Chunked\r\n") + "0\r\n\r\n");
    REQUIRE(r.state == State::kReady);
    CHECK(c.req.body.empty());
  }
}

TEST_CASE("http1: Expect: 100-continue", "[net][http1]") {
  SECTION("asked until the body arrives") {
    const std::string head = with_headers("Content-Length: 4\r\nExpect: 100-Continue\r\n");
    Conn c;
    CHECK_FALSE(c.reader.expects_continue());
    CHECK(c.next(head).state == State::kNeedMore);
    CHECK(c.reader.expects_continue());
    CHECK(c.next(head + "ab").state == State::kNeedMore);
    CHECK(c.reader.expects_continue());
    const auto r = c.next(head + "abcd");
    REQUIRE(r.state == State::kReady);
    CHECK(c.req.body == "abcd");
    CHECK_FALSE(c.reader.expects_continue());
  }
  SECTION("for a chunked body too") {
    Conn c;
    CHECK(c.next(with_headers("Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n")).state ==
          State::kNeedMore);
    CHECK(c.reader.expects_continue());
  }
  SECTION("never for HTTP/1.0") {
    Conn c;
    const auto r = c.next("POST / HTTP/1.0\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    CHECK(r.state == State::kNeedMore);
    CHECK_FALSE(c.reader.expects_continue());
  }
  SECTION("not for a request without a body") {
    Conn c;
    CHECK(c.next(with_headers("Expect: 100-continue\r\n")).state == State::kReady);
    CHECK_FALSE(c.reader.expects_continue());
  }
}

TEST_CASE("http1: keep_alive", "[net][http1]") {
  const auto keep_alive = [](const std::string& input) {
    Conn c;
    const auto r = c.next(input);
    INFO(input);
    REQUIRE(r.state == State::kReady);
    return c.reader.keep_alive();
  };
  CHECK(keep_alive(get("/")));
  CHECK_FALSE(keep_alive(with_headers("Connection: close\r\n")));
  CHECK_FALSE(keep_alive(with_headers("Connection: Upgrade, Close\r\n")));
  CHECK(keep_alive(with_headers("Connection: keep-alive\r\n")));
  CHECK_FALSE(keep_alive("GET / HTTP/1.0\r\n\r\n"));
  CHECK(keep_alive("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));

  SECTION("each request of a connection decides for itself") {
    Conn c;
    REQUIRE(c.next(with_headers("Connection: close\r\n")).state == State::kReady);
    CHECK_FALSE(c.reader.keep_alive());
    c.req = httplib::Request();
    REQUIRE(c.next(get("/")).state == State::kReady);
    CHECK(c.reader.keep_alive());
  }
}

TEST_CASE("http1: the request line is refused when malformed", "[net][http1]") {
  SECTION("no version") { CHECK(refusal("GET /\r\nHost: a\r\n\r\n") == 400); }
  SECTION("two spaces") { CHECK(refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == 400); }
  SECTION("something after the version") {
    CHECK(refusal("GET / HTTP/1.1 x\r\nHost: a\r\n\r\n") == 400);
  }
  SECTION("a tab for a space") { CHECK(refusal("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n") == 400); }
  SECTION("no method") { CHECK(refusal(" / HTTP/1.1\r\nHost: a\r\n\r\n") == 400); }
}

TEST_CASE("http1: methods", "[net][http1]") {
  SECTION("every method we know is read") {
    for (const char* m :
         {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}) {
      Conn c;
      INFO(m);
      CHECK(c.next(std::string(m) + " / HTTP/1.1\r\nHost: a\r\n\r\n").state == State::kReady);
      CHECK(c.req.method == m);
    }
  }
  SECTION("an unknown method: 501") { CHECK(refusal(get("/").replace(0, 3, "BREW")) == 501); }
  SECTION("a method that is not a token: 400") {
    CHECK(refusal(get("/").replace(0, 3, "G@T")) == 400);
    CHECK(refusal(get("/").replace(0, 3, "GE\"T")) == 400);
  }
}

// RFC 9110 §9.1 makes methods case-sensitive, so "get" is a token naming no method we know and
// the reader answers 501, as §9.1 suggests for an unrecognised method.
TEST_CASE("http1: a lower-case method names no method we know: 501", "[net][http1]") {
  CHECK(refusal(get("/").replace(0, 3, "get")) == 501);
}

TEST_CASE("http1: request targets", "[net][http1]") {
  Limits limits;
  limits.max_target_bytes = 16;
  SECTION("at the limit: read") {
    Conn c(limits);
    CHECK(c.next(get("/" + std::string(15, 'a'))).state == State::kReady);
  }
  SECTION("over the limit: 414") { CHECK(refusal(get("/" + std::string(16, 'a')), limits) == 414); }
  SECTION("not starting with '/': 400") {
    CHECK(refusal(get("a/b")) == 400);
    CHECK(refusal(get("ftp://a/b")) == 400);
    CHECK(refusal(get("*")) == 400);
  }
  SECTION("the absolute form is read as its path (RFC 9112 §3.2.2)") {
    for (const char* target : {"http://a/b?x=1", "HTTPS://a:8443/b?x=1"}) {
      INFO(target);
      Conn c;
      REQUIRE(c.next(get(target)).state == State::kReady);
      CHECK(c.req.path == "/b");
      CHECK(c.req.target == "/b?x=1");
      CHECK(c.req.get_param_value("x") == "1");
    }
    Conn bare;
    REQUIRE(bare.next(get("http://a")).state == State::kReady);
    CHECK(bare.req.path == "/");
  }
  SECTION("OPTIONS * is read") {
    Conn c;
    const auto r = c.next("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(r.state == State::kReady);
    CHECK(c.req.target == "*");
    CHECK(c.req.path == "*");
  }
  SECTION("a control character: 400") {
    CHECK(refusal(get("/a\x01z")) == 400);
    CHECK(refusal(get("/a\tz")) == 400);
    CHECK(refusal(get("/a\x7fz")) == 400);
    CHECK(refusal(get(std::string("/a\0z", 4))) == 400);
  }
}

TEST_CASE("http1: versions", "[net][http1]") {
  SECTION("HTTP/2.0 and HTTP/1.2: 505") {
    CHECK(refusal(get("/", "HTTP/2.0")) == 505);
    CHECK(refusal(get("/", "HTTP/1.2")) == 505);
  }
  SECTION("no version at all: 400") {
    CHECK(refusal(get("/", "HTTX/1.1")) == 400);
    CHECK(refusal(get("/", "http/1.1")) == 400);
    CHECK(refusal(get("/", "HTTP/1.10")) == 400);
    CHECK(refusal(get("/", "HTTP/1")) == 400);
  }
}

// RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT. "HTTP/x.y" is malformed (400), not a
// version the reader does not support (505), though it has the same length and prefix.
TEST_CASE("http1: a version that is not DIGIT.DIGIT: 400", "[net][http1]") {
  CHECK(refusal(get("/", "HTTP/x.y")) == 400);
  CHECK(refusal(get("/", "HTTP/1.x")) == 400);
}

TEST_CASE("http1: header lines", "[net][http1]") {
  SECTION("obs-fold: 400") {
    CHECK(refusal(with_headers("X-A: 1\r\n continued\r\n")) == 400);
    CHECK(refusal(with_headers("X-A: 1\r\n\tcontinued\r\n")) == 400);
  }
  SECTION("no colon: 400") { CHECK(refusal(with_headers("X-A 1\r\n")) == 400); }
  SECTION("a name that is not a token: 400") {
    CHECK(refusal(with_headers("X A: 1\r\n")) == 400);
    CHECK(refusal(with_headers("X-A : 1\r\n")) == 400);  // RFC 9112 §5.1
    CHECK(refusal(with_headers(": 1\r\n")) == 400);
  }
  SECTION("CR or NUL in a value: 400") {
    CHECK(refusal(with_headers("X-A: 1\r2\r\n")) == 400);
    CHECK(refusal(with_headers(std::string("X-A: 1\0"
                                           "2\r\n",
                                           10))) == 400);
  }
}

TEST_CASE("http1: header count", "[net][http1]") {
  Limits limits;
  limits.max_headers = 3;
  SECTION("at the limit: read") {
    Conn c(limits);
    CHECK(c.next(with_headers("X-A: 1\r\nX-B: 2\r\n")).state == State::kReady);
  }
  SECTION("over the limit: 431") {
    CHECK(refusal(with_headers("X-A: 1\r\nX-B: 2\r\nX-C: 3\r\n"), limits) == 431);
  }
}

TEST_CASE("http1: head size", "[net][http1]") {
  Limits limits;
  limits.max_head_bytes = 64;
  const std::string start = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";  // 32 bytes
  SECTION("a head of exactly the limit is read") {
    const std::string input = start + std::string(64 - start.size() - 4, 'p') + "\r\n\r\n";
    REQUIRE(input.size() == 64);
    Conn c(limits);
    CHECK(c.next(input).state == State::kReady);
  }
  SECTION("still looking for the end at the limit: kNeedMore") {
    Conn c(limits);
    CHECK(c.next(start + std::string(64 - start.size(), 'p')).state == State::kNeedMore);
  }
  SECTION("still looking for the end past the limit: 431") {
    CHECK(refusal(start + std::string(65 - start.size(), 'p'), limits) == 431);
  }
  SECTION("past the limit, having seen the end: 431") {
    CHECK(refusal(start + std::string(64, 'p') + "\r\n\r\n", limits) == 431);
  }
  SECTION("past the limit, arriving in pieces: 431") {
    Conn c(limits);
    const std::string input = start + std::string(64, 'p') + "\r\n\r\n";
    REQUIRE(c.next(input.substr(0, 40)).state == State::kNeedMore);
    const auto r = c.next(input);
    REQUIRE(r.state == State::kBad);
    CHECK(r.status == 431);
  }
}

TEST_CASE("http1: Host", "[net][http1]") {
  SECTION("missing on HTTP/1.1: 400") { CHECK(refusal("GET / HTTP/1.1\r\n\r\n") == 400); }
  SECTION("missing on HTTP/1.0: read") {
    Conn c;
    CHECK(c.next("GET / HTTP/1.0\r\n\r\n").state == State::kReady);
    CHECK(c.req.version == "HTTP/1.0");
  }
}

// RFC 9112 §3.2: a server MUST answer 400 to a request with more than one Host field line,
// not only to one with none.
TEST_CASE("http1: two Host header lines: 400", "[net][http1]") {
  CHECK(refusal(with_headers("Host: b\r\n")) == 400);
}

TEST_CASE("http1: message body framing", "[net][http1]") {
  SECTION("Content-Length and Transfer-Encoding: 400") {
    CHECK(refusal(with_headers("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n") + "abc") ==
          400);
  }
  SECTION("a transfer coding other than chunked: 501") {
    CHECK(refusal(with_headers("Transfer-Encoding: gzip\r\n")) == 501);
    CHECK(refusal(with_headers("Transfer-Encoding: gzip, chunked\r\n")) == 501);
  }
  SECTION("a Content-Length that is not a number: 400") {
    CHECK(refusal(with_headers("Content-Length: abc\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: 12a\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: -1\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: +1\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: 1 2\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: 0x10\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length:\r\n")) == 400);
    CHECK(refusal(with_headers("Content-Length: 99999999999999999999999999\r\n")) == 400);
  }
  SECTION("two different Content-Lengths: 400") {
    CHECK(refusal(with_headers("Content-Length: 3\r\nContent-Length: 4\r\n") + "abcd") == 400);
  }
  SECTION("the same Content-Length twice is read") {
    Conn c;
    const std::string input = with_headers("Content-Length: 3\r\nContent-Length: 3\r\n") + "abc";
    const auto r = c.next(input);
    REQUIRE(r.state == State::kReady);
    CHECK(r.consumed == input.size());
    CHECK(c.req.body == "abc");
  }
}

// RFC 9112 §6.3: when chunked is not the final transfer coding of a request the server MUST
// answer 400; a second Transfer-Encoding line counts as much as the first.
TEST_CASE("http1: chunked then another coding on a second line is refused", "[net][http1]") {
  Conn c;
  const auto r = c.next(with_headers("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n") +
                        "0\r\n\r\n");
  REQUIRE(r.state == State::kBad);
  CHECK((r.status == 400 || r.status == 501));
}

TEST_CASE("http1: body size", "[net][http1]") {
  Limits limits;
  limits.max_body_bytes = 10;
  SECTION("Content-Length at the limit: read") {
    Conn c(limits);
    CHECK(c.next(with_headers("Content-Length: 10\r\n") + "0123456789").state == State::kReady);
  }
  SECTION("Content-Length over the limit: 413 before the body comes") {
    CHECK(refusal(with_headers("Content-Length: 11\r\n"), limits) == 413);
  }
  SECTION("chunked at the limit: read") {
    Conn c(limits);
    const auto r = c.next(kChunkedHead + "6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n");
    REQUIRE(r.state == State::kReady);
    CHECK(c.req.body == "0123456789");
  }
  SECTION("chunked total over the limit: 413 at the chunk size") {
    CHECK(refusal(kChunkedHead + "6\r\n012345\r\n5\r\n", limits) == 413);
  }
  SECTION("one chunk over the limit: 413") {
    CHECK(refusal(kChunkedHead + "b\r\n", limits) == 413);
  }
  SECTION("a chunk size past size_t: 400") {
    CHECK(refusal(kChunkedHead + "100000000000000000\r\n", limits) == 400);
  }
}

TEST_CASE("http1: chunk framing", "[net][http1]") {
  SECTION("a size that is not hex: 400") {
    CHECK(refusal(kChunkedHead + "zz\r\n") == 400);
    CHECK(refusal(kChunkedHead + "0x5\r\nhello\r\n") == 400);
    CHECK(refusal(kChunkedHead + "-1\r\n") == 400);
    CHECK(refusal(kChunkedHead + "\r\n") == 400);
    CHECK(refusal(kChunkedHead + ";ext\r\n") == 400);
  }
  SECTION("data not followed by CRLF: 400") {
    CHECK(refusal(kChunkedHead + "3\r\nabcX\r\n0\r\n\r\n") == 400);
    CHECK(refusal(kChunkedHead + "3\r\nabc\rX0\r\n\r\n") == 400);
  }
  SECTION("a size line with no end past 1024 bytes: 400") {
    CHECK(refusal(kChunkedHead + "1;" + std::string(1100, 'x')) == 400);
  }
  SECTION("a size line still arriving is waited for") {
    Conn c;
    CHECK(c.next(kChunkedHead + "1;" + std::string(1000, 'x')).state == State::kNeedMore);
  }
}

// The 1024-byte limit on a chunk-size line holds however TCP split it: a reader that checked
// it only while the line's end was missing would accept the same line arriving in one read.
TEST_CASE("http1: an over-long chunk-size line arriving whole: 400", "[net][http1]") {
  CHECK(refusal(kChunkedHead + "1;" + std::string(1100, 'x') + "\r\na\r\n0\r\n\r\n") == 400);
}

// Trailer lines count against max_head_bytes in total, not only while a line's end is
// missing: otherwise a stream of short, complete trailer lines would never be refused.
TEST_CASE("http1: a trailer past max_head_bytes: 431", "[net][http1]") {
  Limits limits;
  limits.max_head_bytes = 64;
  std::string input = kChunkedHead + "0\r\n";
  while (input.size() < 4 * 64) input += "X: y\r\n";
  CHECK(refusal(input, limits) == 431);
}

// Empty lines before the request line are skipped (RFC 9112 §2.2 asks for at least one), but
// not without limit: a peer sending only CRLFs is refused.
TEST_CASE("http1: empty lines past max_head_bytes are refused", "[net][http1]") {
  Limits limits;
  limits.max_head_bytes = 64;
  std::string input;
  while (input.size() < 4 * 64) input += "\r\n";
  Conn c(limits);
  CHECK(c.next(input).state == State::kBad);
}

TEST_CASE("http1: Expect other than 100-continue: 417", "[net][http1]") {
  CHECK(refusal(with_headers("Expect: 200-ok\r\nContent-Length: 1\r\n") + "x") == 417);
}

TEST_CASE("http1: reason_phrase", "[net][http1]") {
  CHECK(std::string(reason_phrase(200)) == "OK");
  CHECK(std::string(reason_phrase(404)) == "Not Found");
  CHECK(std::string(reason_phrase(431)) == "Request Header Fields Too Large");
  CHECK(std::string(reason_phrase(299)).empty());
}

TEST_CASE("http1: write_response", "[net][http1]") {
  httplib::Response res;
  res.status = 200;
  res.body = "hello";
  res.set_header("Content-Type", "text/plain");
  res.set_header("X-A", "1");
  res.set_header("Content-Length", "999");
  res.set_header("Connection", "keep-alive");
  res.set_header("Transfer-Encoding", "chunked");

  SECTION("the handler's framing headers are replaced by the computed ones") {
    set_framing_headers(res, false);
    CHECK(res.get_header_value("Content-Length") == "5");
    CHECK_FALSE(res.has_header("Connection"));
    CHECK_FALSE(res.has_header("Transfer-Encoding"));
    CHECK(res.get_header_value_count("Content-Length") == 1);
    std::string out = "before|";
    write_response(res, false, out);
    CHECK(out ==
          "before|HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n"
          "X-A: 1\r\n\r\nhello");
  }
  SECTION("Connection: close when asked") {
    set_framing_headers(res, true);
    CHECK(res.get_header_value("Connection") == "close");
    std::string out;
    write_response(res, false, out);
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n"
          "Content-Type: text/plain\r\nX-A: 1\r\n\r\nhello");
  }
  SECTION("HEAD: the length of the body, not the body") {
    set_framing_headers(res, false);
    std::string out;
    write_response(res, true, out);
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nX-A: 1\r\n\r\n");
  }
  SECTION("204 and 304: neither Content-Length nor body") {
    res.headers.clear();
    res.status = 204;
    set_framing_headers(res, false);
    std::string out;
    write_response(res, false, out);
    CHECK(out == "HTTP/1.1 204 No Content\r\n\r\n");
    res.status = 304;
    set_framing_headers(res, true);
    out.clear();
    write_response(res, false, out);
    CHECK(out == "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n");
  }
  SECTION("an empty body still gets Content-Length: 0") {
    httplib::Response empty;
    empty.status = 404;
    set_framing_headers(empty, false);
    std::string out;
    write_response(empty, false, out);
    CHECK(out == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  }
  SECTION("a status out of range goes out as 500") {
    httplib::Response odd;
    odd.status = 42;
    set_framing_headers(odd, false);
    std::string out;
    write_response(odd, false, out);
    CHECK(out == "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
  }
}
