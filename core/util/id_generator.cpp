#include "core/util/id_generator.hpp"

#include <array>

namespace core::util {
namespace {
constexpr char kHex[] = "0123456789abcdef";
constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::uint64_t os_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}
}  // namespace

IdGenerator::IdGenerator(std::uint64_t seed) : engine_(seed == 0 ? os_seed() : seed) {}

std::uint64_t IdGenerator::next_u64() {
  std::lock_guard lock(mutex_);
  return engine_();
}

void IdGenerator::fill_hex(char* out, std::size_t n) {
  std::lock_guard lock(mutex_);
  for (std::size_t done = 0; done < n;) {
    std::uint64_t bits = engine_();
    for (int i = 0; i < 16 && done < n; ++i, bits >>= 4) out[done++] = kHex[bits & 0xF];
  }
}

std::string IdGenerator::hex(std::size_t n) {
  std::string out(n, '0');
  fill_hex(out.data(), n);
  return out;
}

std::string IdGenerator::alnum(std::size_t n) {
  std::string out;
  out.reserve(n);
  std::lock_guard lock(mutex_);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlnum) - 2);
  while (out.size() < n) out.push_back(kAlnum[pick(engine_)]);
  return out;
}

std::string IdGenerator::uuid4() {
  std::array<char, 32> h;
  fill_hex(h.data(), h.size());
  h[12] = '4';
  h[16] = kHex[8 + (static_cast<unsigned char>(h[16]) % 4)];
  std::string out(36, '-');
  std::size_t from = 0;
  for (std::size_t to = 0; to < out.size(); ++to) {
    if (to != 8 && to != 13 && to != 18 && to != 23) out[to] = h[from++];
  }
  return out;
}

std::string IdGenerator::secret(std::size_t bytes) {
  std::string out;
  std::lock_guard lock(mutex_);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    acc = (acc << 8) | static_cast<std::uint32_t>(engine_() & 0xFF);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64Url[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kB64Url[(acc << (6 - bits)) & 0x3F]);
  return out;
}

}  // namespace core::util
