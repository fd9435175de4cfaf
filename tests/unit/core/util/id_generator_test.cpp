#include "core/util/id_generator.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using core::util::IdGenerator;

TEST_CASE("ids: uuid4 has the RFC 4122 version and variant", "[util][ids]") {
  IdGenerator ids(42);
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = ids.uuid4();
    REQUIRE(std::regex_match(id, uuid));
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("ids: the same seed gives the same sequence, seed 0 does not repeat", "[util][ids]") {
  IdGenerator a(7), b(7), c(0), d(0);
  CHECK(a.uuid4() == b.uuid4());
  CHECK(a.hex(10) == b.hex(10));
  CHECK(c.uuid4() != d.uuid4());
}

TEST_CASE("ids: hex, alnum and secret use their alphabets and lengths", "[util][ids]") {
  IdGenerator ids(1);
  CHECK(std::regex_match(ids.hex(10), std::regex("^[0-9a-f]{10}$")));
  CHECK(std::regex_match(ids.alnum(11), std::regex("^[a-z0-9]{11}$")));
  const auto s = ids.secret(32);
  CHECK(s.size() == 43);
  CHECK(std::regex_match(s, std::regex("^[A-Za-z0-9_-]+$")));
}
