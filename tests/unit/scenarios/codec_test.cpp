#include "scenarios/codec.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>

namespace {

std::string deflate_raw(const std::string& text) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string out(text.size() + 128, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("codec: base64 round trip and rejection", "[scenarios][codec]") {
  for (const std::string s : {"", "a", "ab", "abc", "abcd", "<samlp:Response/>"}) {
    CHECK(scenarios::base64_decode(scenarios::base64_encode(s)).value() == s);
  }
  CHECK(scenarios::base64_decode("YW Jj\n").value() == "abc");
  CHECK_FALSE(scenarios::base64_decode("a*b"));
  CHECK_FALSE(scenarios::base64_decode("YQ==YQ"));
  CHECK_FALSE(scenarios::base64_decode("Y"));
}

TEST_CASE("codec: SAML messages in both bindings", "[scenarios][codec]") {
  const std::string xml = "<samlp:AuthnRequest ID=\"_1\"/>";
  CHECK(scenarios::decode_saml_message(scenarios::base64_encode(xml)).value() == xml);
  CHECK(scenarios::decode_saml_message(scenarios::base64_encode(deflate_raw(xml))).value() == xml);
  CHECK_FALSE(scenarios::decode_saml_message(scenarios::base64_encode("not xml")));
  CHECK_FALSE(scenarios::inflate_raw("garbage", 100));
  const std::string big(5000, 'x');
  CHECK_FALSE(scenarios::inflate_raw(deflate_raw(big), 1000));
}
