#include <catch2/catch.hpp>

#include "core/xml/document.hpp"

using namespace core::xml;

TEST_CASE("xml: load_untrusted refuses hostile documents", "[xml]") {
  SECTION("DOCTYPE") {
    const auto r = load_untrusted("<!DOCTYPE a><a/>", 1000);
    CHECK(r.status == LoadStatus::kDoctype);
  }
  SECTION("entity expansion (billion laughs)") {
    const auto r = load_untrusted(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
        "\"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
        1000);
    CHECK(r.status == LoadStatus::kDoctype);
  }
  SECTION("external entity") {
    const auto r =
        load_untrusted("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", 1000);
    CHECK(r.status == LoadStatus::kDoctype);
  }
  SECTION("oversized before parsing") {
    const auto r = load_untrusted("<a>" + std::string(2000, 'x') + "</a>", 1000);
    CHECK(r.status == LoadStatus::kOversized);
  }
  SECTION("not well-formed") {
    const auto r = load_untrusted("<a><b></a>", 1000);
    CHECK(r.status == LoadStatus::kMalformed);
    CHECK_THAT(r.detail, Catch::Contains("offset"));
  }
  SECTION("no root element") { CHECK_FALSE(load_untrusted("<!-- x -->", 1000).ok()); }
  SECTION("an undeclared entity reference is never resolved") {
    const auto r = load_untrusted("<a>&x;</a>", 1000);
    REQUIRE(r.ok());
    CHECK(strict_text(r.root()) == std::optional<std::string>("&x;"));
  }
  SECTION("a UTF-8 BOM is accepted and not counted") {
    CHECK(load_untrusted("\xEF\xBB\xBF<a/>", 4).ok());
  }
}

TEST_CASE("xml: elements are matched by namespace URI, never by prefix", "[xml]") {
  const auto r = load_untrusted(
      "<p:Response xmlns:p=\"urn:p\" xmlns:fake=\"urn:other\"><a:Item xmlns:a=\"urn:a\"/>"
      "<fake:Item/><Item xmlns=\"urn:a\"><Leaf/></Item></p:Response>",
      1000);
  REQUIRE(r.ok());
  const pugi::xml_node root = r.root();
  CHECK(is(root, "urn:p", "Response"));
  CHECK_FALSE(is(root, "urn:q", "Response"));
  CHECK(children(root, "urn:a", "Item").size() == 2);
  CHECK(children(root, "urn:other", "Item").size() == 1);
  CHECK(child_elements(root).size() == 3);
  CHECK(count_descendants(root, "urn:a", "Leaf") == 1);
  CHECK(namespace_uri(root.last_child().first_child()) == "urn:a");
  CHECK(local_name(root) == "Response");
  SECTION("an undeclared prefix has no namespace") {
    const auto u = load_untrusted("<x:a/>", 100);
    REQUIRE(u.ok());
    CHECK(namespace_uri(u.root()).empty());
  }
}

TEST_CASE("xml: strict_text refuses comments and markup inside a value", "[xml]") {
  const auto r = load_untrusted(
      "<r><ok>alice@example.com</ok><c>alice@example.com<!---->.evil.com</c>"
      "<e/><m>a<b/>c</m><pi>a<?x y?></pi><cd><![CDATA[x<y]]></cd><esc>a&amp;b</esc></r>",
      1000);
  REQUIRE(r.ok());
  const pugi::xml_node root = r.root();
  CHECK(strict_text(root.child("ok")) == std::optional<std::string>("alice@example.com"));
  CHECK_FALSE(strict_text(root.child("c")));
  CHECK(strict_text(root.child("e")) == std::optional<std::string>(""));
  CHECK_FALSE(strict_text(root.child("m")));
  CHECK_FALSE(strict_text(root.child("pi")));
  CHECK(strict_text(root.child("cd")) == std::optional<std::string>("x<y"));
  CHECK(strict_text(root.child("esc")) == std::optional<std::string>("a&b"));
}

TEST_CASE("xml: escape produces well-formed text", "[xml]") {
  CHECK(escape("a<b>&\"c'\r\x01") == "a&lt;b&gt;&amp;&quot;c&apos;&#13;");
}
