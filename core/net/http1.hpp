#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

// HTTP/1.1 message framing for the event-loop transport (RFC 9112): reading requests off a
// byte stream and writing responses. Requests land in httplib::Request and responses come from
// httplib::Response, so routes are written once for either transport.
namespace core::net::http1 {

// What a request may be before it is refused. Each refusal has its own status.
struct Limits {
  std::size_t max_head_bytes = 64 * 1024;    // request line + headers; larger: 431
  std::size_t max_target_bytes = 8192;       // request-target; longer: 414
  std::size_t max_headers = 100;             // more header fields: 431
  std::size_t max_body_bytes = 1024 * 1024;  // Content-Length or chunked total; larger: 413
};

// Reads one request at a time from the front of a connection's unconsumed input. It keeps the
// parsed head between calls, so a large body arriving in pieces is not re-parsed each time.
class RequestReader {
 public:
  enum class State { kNeedMore, kReady, kBad };
  struct Result {
    State state = State::kNeedMore;
    std::size_t consumed = 0;  // kReady: bytes of input that made this request
    int status = 0;            // kBad: the status to answer before closing
    std::string reason;        // kBad: why, one line, safe to show to the peer
  };

  explicit RequestReader(Limits limits) : limits_(limits) {}

  // Looks at `input` (everything received and not yet consumed). kReady fills `req` (method,
  // target, path, version, headers, params from the query, body); kBad leaves the connection
  // unusable: answer `status` with Connection: close.
  Result next(std::string_view input, httplib::Request& req);

  // True once a head asking "Expect: 100-continue" is read and its body has not arrived; the
  // caller sends "100 Continue" once.
  bool expects_continue() const { return state_ == Phase::kBody && expect_continue_; }
  // Whether the connection stays open after the current request's response.
  bool keep_alive() const { return keep_alive_; }

 private:
  enum class Phase { kHead, kBody };
  Result parse_head(std::string_view head, httplib::Request& req);
  Result read_body(std::string_view input, httplib::Request& req);
  // Walks a chunked body at the front of `rest`: kReady with `consumed` and `total` once it
  // and its trailer are complete; appends the data to `body` if given.
  Result walk_chunks(std::string_view rest, std::size_t& total, std::string* body);
  Result bad(int status, std::string reason);

  Limits limits_;
  Phase state_ = Phase::kHead;
  std::size_t head_bytes_ = 0;  // kBody: length of the head including the blank line
  std::size_t content_length_ = 0;
  bool chunked_ = false;
  bool expect_continue_ = false;
  bool keep_alive_ = true;
  std::size_t scanned_ = 0;  // kHead: input already searched for the end of the head
};

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); an escape that is not two hex
// digits is kept as it is, as browsers and curl users send such text.
std::string decode_lenient(std::string_view text, bool plus_is_space);

// Adds each name=value pair of a query string or form body to `params`, decoded.
void parse_params(std::string_view text, httplib::Params& params);

// The reason phrase of a status ("Not Found"), empty for codes without one here.
const char* reason_phrase(int status);

// Puts on `res` the framing headers the wire will carry, replacing any a handler set:
// Content-Length (the body's size; none for 1xx, 204 and 304) and "Connection: close" if
// `close`. Done before writing, so that the journal shows the headers that were sent.
void set_framing_headers(httplib::Response& res, bool close);

// Appends the response to `out`: status line, res.headers as they are, the body. `head_only`
// (a HEAD request) leaves out the body but not its length.
void write_response(const httplib::Response& res, bool head_only, std::string& out);

}  // namespace core::net::http1
