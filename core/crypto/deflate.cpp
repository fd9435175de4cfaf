#include "core/crypto/deflate.hpp"

#include <zlib.h>

#include <array>
#include <stdexcept>

namespace core::crypto {
namespace {

Bytef* zin(std::string_view data) {
  // zlib's next_in is not const-qualified but is never written through.
  return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

}  // namespace

std::string deflate_raw(std::string_view data) {
  z_stream zs{};
  // windowBits -15: raw DEFLATE without zlib header (RFC 1951).
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = zin(data);
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(written);
  return out;
}

std::optional<std::string> inflate_raw(std::string_view data, std::size_t max_output,
                                       bool* too_large) {
  if (too_large != nullptr) *too_large = false;
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return std::nullopt;
  std::string out;
  std::array<char, 16384> chunk{};
  zs.next_in = zin(data);
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return std::nullopt;
    }
    const std::size_t produced = chunk.size() - zs.avail_out;
    if (out.size() + produced > max_output) {
      if (too_large != nullptr) *too_large = true;
      inflateEnd(&zs);
      return std::nullopt;
    }
    out.append(chunk.data(), produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
      inflateEnd(&zs);
      return std::nullopt;  // truncated stream
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace core::crypto
