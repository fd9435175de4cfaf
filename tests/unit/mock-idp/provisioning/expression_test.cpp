#include "mock-idp/provisioning/expression.hpp"

#include <catch2/catch.hpp>
#include <map>

using mock_idp::provisioning::Expression;
using mock_idp::provisioning::ExpressionError;
using mock_idp::provisioning::Value;

namespace {

Value eval(const std::string& text, const std::map<std::string, std::string>& attrs = {}) {
  auto e = Expression::parse(text);
  return e.evaluate([&](std::string_view name) -> Value {
    auto it = attrs.find(std::string(name));
    if (it == attrs.end()) return std::nullopt;
    return it->second;
  });
}

std::size_t error_position(const std::string& text) {
  try {
    Expression::parse(text);
  } catch (const ExpressionError& e) {
    return e.position();
  }
  FAIL("no error for " << text);
  return 0;
}

}  // namespace

TEST_CASE("expression: the default active mapping switches IsSoftDeleted", "[provisioning][expr]") {
  std::string text = "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")";
  CHECK(eval(text, {{"IsSoftDeleted", "False"}}) == Value("True"));
  CHECK(eval(text, {{"IsSoftDeleted", "True"}}) == Value("False"));
  CHECK_FALSE(eval(text, {{"IsSoftDeleted", "maybe"}}).has_value());
  CHECK(eval("Not([IsSoftDeleted])", {{"IsSoftDeleted", "True"}}) == Value("False"));
  CHECK(eval("Not([IsSoftDeleted])", {{"IsSoftDeleted", "False"}}) == Value("True"));
}

TEST_CASE("expression: string functions", "[provisioning][expr]") {
  std::map<std::string, std::string> a = {
      {"upn", "Alice@Contoso.com"}, {"gn", "Alice"}, {"sn", "Smith"}};
  CHECK(eval("ToLower([upn])", a) == Value("alice@contoso.com"));
  CHECK(eval("ToUpper([gn])", a) == Value("ALICE"));
  CHECK(eval("Join(\" \", [gn], [missing], [sn])", a) == Value("Alice Smith"));
  CHECK(eval("Append([gn], \".x\")", a) == Value("Alice.x"));
  CHECK(eval("Coalesce([mail], [upn])", a) == Value("Alice@Contoso.com"));
  CHECK_FALSE(eval("Coalesce([mail], [other])", a).has_value());
  CHECK(eval("IIF(IsPresent([mail]), [mail], [upn])", a) == Value("Alice@Contoso.com"));
  CHECK(eval("IsNull([mail])", a) == Value("True"));
  CHECK(eval("IsNullOrEmpty([gn])", a) == Value("False"));
  CHECK(eval("Replace([upn], \"@Contoso.com\", , , \"@fabrikam.com\", , )", a) ==
        Value("Alice@fabrikam.com"));
  CHECK(eval("Replace([upn], , \"@.*$\", , \"\", , )", a) == Value("Alice"));
  CHECK(eval("Left([gn], 3)", a) == Value("Ali"));
  CHECK(eval("Mid([gn], 2, 3)", a) == Value("lic"));
  CHECK(eval("Trim(\"  x  \")") == Value("x"));
  CHECK(eval("StripSpaces(\"a b c\")") == Value("abc"));
  CHECK(eval("Word(\"a,b;c\", 2, \",;\")") == Value("b"));
  CHECK(eval("toLower(\"ABC\")") == Value("abc"));  // names are case-insensitive
  CHECK(eval("\"a \\\"quoted\\\" b\"") == Value("a \"quoted\" b"));
}

TEST_CASE("expression: to_string and attributes", "[provisioning][expr]") {
  auto e = Expression::parse("coalesce( [mail] ,[userPrincipalName])");
  CHECK(e.to_string() == "Coalesce([mail], [userPrincipalName])");
  CHECK(e.attributes() == std::vector<std::string>{"mail", "userPrincipalName"});
}

TEST_CASE("expression: rejections carry a position and a reason", "[provisioning][expr]") {
  SECTION("empty") { CHECK_THROWS_WITH(Expression::parse("  "), Catch::Contains("empty")); }
  SECTION("unknown function") {
    CHECK_THROWS_WITH(Expression::parse("Frobnicate([a])"),
                      Catch::Contains("unknown function 'Frobnicate'"));
  }
  SECTION("unclosed bracket") {
    CHECK_THROWS_WITH(Expression::parse("ToLower([mail)"), Catch::Contains("not closed with ']'"));
  }
  SECTION("empty attribute") {
    CHECK_THROWS_WITH(Expression::parse("[ ]"), Catch::Contains("empty attribute name"));
  }
  SECTION("unclosed string") {
    CHECK_THROWS_WITH(Expression::parse("Append([a], \"x)"), Catch::Contains("not closed"));
  }
  SECTION("unclosed call") {
    CHECK_THROWS_WITH(Expression::parse("ToLower([a]"), Catch::Contains("not closed with ')'"));
  }
  SECTION("wrong argument count") {
    CHECK_THROWS_WITH(Expression::parse("Not([a], [b])"), Catch::Contains("Not takes 1"));
    CHECK_THROWS_WITH(Expression::parse("IIF([a], [b])"), Catch::Contains("IIF takes 3"));
    CHECK_THROWS_WITH(Expression::parse("Join(\",\")"), Catch::Contains("at least 2"));
  }
  SECTION("switch key without value") {
    CHECK_THROWS_WITH(Expression::parse("Switch([a], \"d\", \"k1\", \"v1\", \"k2\")"),
                      Catch::Contains("no value"));
  }
  SECTION("bare word") {
    CHECK_THROWS_WITH(Expression::parse("mail"), Catch::Contains("not a function call"));
  }
  SECTION("trailing text") {
    CHECK(error_position("[a] [b]") == 4);
    CHECK_THROWS_WITH(Expression::parse("[a] [b]"), Catch::Contains("after the end"));
  }
  SECTION("bad separator") {
    CHECK_THROWS_WITH(Expression::parse("Append([a] [b])"), Catch::Contains("expected ','"));
  }
  SECTION("unexpected character") {
    CHECK(error_position("Append([a], )x") == 13);
    CHECK_THROWS_WITH(Expression::parse("@"), Catch::Contains("unexpected '@'"));
  }
  SECTION("lone minus") {
    CHECK_THROWS_WITH(Expression::parse("Left([a], -)"), Catch::Contains("not followed"));
  }
  SECTION("too long") {
    std::string text = "\"" + std::string(10001, 'a') + "\"";
    CHECK_THROWS_WITH(Expression::parse(text), Catch::Contains("longer than 10000"));
  }
  SECTION("too deep") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Not(";
    text += "[a]";
    for (int i = 0; i < 40; ++i) text += ")";
    CHECK_THROWS_WITH(Expression::parse(text), Catch::Contains("nested deeper"));
  }
}
