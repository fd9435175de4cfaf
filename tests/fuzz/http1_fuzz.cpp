// HTTP/1.1 requests arrive from any peer that reaches the event loop. The first byte picks
// where the rest is split into two reads; the reader is driven as the event loop drives it
// (pipelined requests, the unconsumed input each call, a fresh request after each kReady).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/net/http1.hpp"

namespace {

using core::net::http1::RequestReader;
using State = RequestReader::State;

constexpr core::net::http1::Limits kLimits{
    .max_head_bytes = 1024, .max_target_bytes = 256, .max_headers = 16, .max_body_bytes = 4096};

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = text.size() * data[0] / 255;

  RequestReader reader(kLimits);
  httplib::Request req;
  std::string in;  // received and not yet consumed
  std::string out;
  bool closed = false;
  for (const std::string_view piece : {text.substr(0, split), text.substr(split)}) {
    in.append(piece);
    while (!closed) {
      const std::string_view input = in;
      const auto r = reader.next(input, req);
      check(r.consumed <= input.size());
      if (r.state == State::kNeedMore) {
        check(r.consumed == 0);
        (void)reader.expects_continue();
        break;
      }
      httplib::Response res;
      if (r.state == State::kBad) {
        check(r.status >= 400 && r.status <= 599);
        check(!r.reason.empty());
        check(!reader.keep_alive());
        res.status = r.status;
        closed = true;
      } else {
        check(r.consumed > 0);
        check(!reader.expects_continue());
        check(req.body.size() <= kLimits.max_body_bytes);
        check(!req.method.empty() && req.target.size() <= kLimits.max_target_bytes);
        in.erase(0, r.consumed);
        res.status = 200;
        res.body = req.body;
      }
      out.clear();
      core::net::http1::set_framing_headers(res, closed);
      core::net::http1::write_response(res, req.method == "HEAD", out);
      req = httplib::Request();
    }
  }

  // Query strings and form bodies: decoding never lengthens the text.
  check(core::net::http1::decode_lenient(text, true).size() <= text.size());
  check(core::net::http1::decode_lenient(text, false).size() <= text.size());
  httplib::Params params;
  core::net::http1::parse_params(text, params);
  return 0;
}
