#include "core/net/journal.hpp"

#include <catch2/catch.hpp>

using core::net::Journal;
using core::net::JournalEntry;

namespace {
JournalEntry entry(std::string path, std::string auth = "") {
  JournalEntry e;
  e.method = "GET";
  e.path = std::move(path);
  if (!auth.empty()) e.request_headers.emplace_back("Authorization", auth);
  return e;
}
}  // namespace

TEST_CASE("journal: keeps the newest entries up to its capacity", "[net][journal]") {
  Journal journal(3);
  for (int i = 0; i < 5; ++i) journal.record(entry("/" + std::to_string(i)));
  const auto all = journal.entries();
  REQUIRE(all.size() == 3);
  CHECK(all.front().path == "/2");
  CHECK(all.front().seq == 3);
  CHECK(journal.entries(4).size() == 1);
  CHECK(journal.entries(0, 2).size() == 2);
  journal.clear();
  CHECK(journal.size() == 0);
  CHECK(journal.record(entry("/x")) == 6);  // sequence numbers are never reused
}

TEST_CASE("journal: masks bearer tokens and trims long bodies", "[net][journal]") {
  Journal journal(10, 8);
  auto e = entry("/Users", "Bearer abcdefghijklmnopqrstuvwxyz");
  e.request_body = "0123456789abcdef";
  journal.record(std::move(e));
  const auto got = journal.entries().front();
  CHECK(got.request_headers.front().second == "Bearer ****wxyz");
  CHECK(got.request_body.rfind("01234567...[8 bytes", 0) == 0);
  CHECK(Journal::mask_authorization("Bearer short") == "Bearer ****");
}

TEST_CASE("journal: capacity 0 records nothing", "[net][journal]") {
  Journal journal(0);
  CHECK(journal.record(entry("/a")) == 0);
  CHECK(journal.entries().empty());
}

TEST_CASE("journal: a note made while the request runs is kept until it is recorded",
          "[net][journal]") {
  Journal journal(10);
  auto e = entry("/platform/saml/acs/x");
  e.request_id = "rid-1";
  journal.annotate("rid-1", "sign-in refused: expired");
  journal.record(std::move(e));
  CHECK(journal.entries().front().note == "sign-in refused: expired");
  auto later = entry("/other");
  later.request_id = "rid-2";
  journal.record(std::move(later));
  CHECK(journal.entries().back().note.empty());
}

TEST_CASE("journal: a full ring keeps the newest entries in order, lap after lap",
          "[net][journal]") {
  Journal journal(4);
  for (int i = 1; i <= 11; ++i) {
    auto e = entry("/" + std::to_string(i));
    e.request_id = "rid-" + std::to_string(i);
    CHECK(journal.record(std::move(e)) == static_cast<std::uint64_t>(i));
  }
  const auto all = journal.entries();
  REQUIRE(all.size() == 4);
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].path == "/" + std::to_string(8 + i));
    CHECK(all[i].seq == 8 + i);
  }
  CHECK(journal.entries(9).size() == 2);
  CHECK(journal.entries(9).front().path == "/10");
  // A note for an entry still held reaches it; one for an entry already dropped is kept aside.
  journal.annotate("rid-9", "late note");
  CHECK(journal.entries(8, 1).front().note == "late note");
  journal.annotate("rid-2", "too late");
  for (const auto& e : journal.entries()) CHECK(e.note != "too late");
  journal.clear();
  CHECK(journal.entries().empty());
  CHECK(journal.record(entry("/after")) == 12);
  CHECK(journal.entries().front().path == "/after");
}
