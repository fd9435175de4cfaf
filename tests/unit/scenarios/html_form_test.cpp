#include "scenarios/html_form.hpp"

#include <catch2/catch.hpp>

using scenarios::extract_forms;

TEST_CASE("html_form: an auto-submitting SAML form", "[scenarios][html]") {
  const auto forms = extract_forms(R"html(<html><body onload="document.forms[0].submit()">
    <form method="post" action="https://sp.example/acs?a=1&amp;b=2">
      <input type="hidden" name="SAMLResponse" value="PHNhbWw+"/>
      <input type=hidden name=RelayState value='r&#39;s'>
      <noscript><input type="submit" value="Continue"/></noscript>
    </form></body></html>)html");
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].method == "POST");
  CHECK(forms[0].action == "https://sp.example/acs?a=1&b=2");
  CHECK(forms[0].auto_submit);
  const auto fields = forms[0].fields();
  REQUIRE(fields.size() == 2);
  CHECK(fields[0] == std::make_pair(std::string("SAMLResponse"), std::string("PHNhbWw+")));
  CHECK(fields[1] == std::make_pair(std::string("RelayState"), std::string("r's")));
}

TEST_CASE("html_form: a login form is not auto-submitted", "[scenarios][html]") {
  const auto forms = extract_forms(R"html(<form action="/login" method="POST">
    <!-- <input name="commented" value="x"> -->
    <input type="email" name="loginfmt"><input type="password" name="passwd">
    <input type="hidden" name="ctx" value="abc"><input type="checkbox" name="kmsi">
    <input type="checkbox" name="remember" checked>
    <textarea name="note">a &lt; b</textarea>
    <button type="submit">Sign in</button></form>
    <script>var s = "<form>"; </script>)html");
  REQUIRE(forms.size() == 1);
  CHECK_FALSE(forms[0].auto_submit);
  CHECK(forms[0].has_password());
  const auto fields = forms[0].fields();
  REQUIRE(fields.size() == 5);
  CHECK(fields[0].first == "loginfmt");
  CHECK(fields[2] == std::make_pair(std::string("ctx"), std::string("abc")));
  CHECK(fields[3] == std::make_pair(std::string("remember"), std::string("on")));
  CHECK(fields[4] == std::make_pair(std::string("note"), std::string("a < b")));
}

TEST_CASE("html_form: a SAML form with only hidden inputs is auto-submitted without a script",
          "[scenarios][html]") {
  const auto forms =
      extract_forms(R"(<FORM METHOD=POST ACTION="/acs"><INPUT TYPE=HIDDEN NAME=SAMLResponse
      VALUE=abc></FORM>)");
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].auto_submit);
  CHECK(forms[0].method == "POST");
}

TEST_CASE("html_form: broken HTML does not crash", "[scenarios][html]") {
  CHECK(extract_forms("").empty());
  CHECK(extract_forms("<").empty());
  CHECK(extract_forms("<form").size() == 1);
  CHECK(extract_forms("<form><input name='x").size() == 1);
  CHECK(extract_forms("<!-- never closed <form>").empty());
  CHECK(extract_forms("<script>document.forms[0].submit()").empty());
  CHECK(extract_forms("<input name=a><form></form>")[0].inputs.empty());
}

TEST_CASE("html_form: character references", "[scenarios][html]") {
  CHECK(scenarios::decode_entities("a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;&#x20AC;") ==
        "a&b<>\"'AB\xE2\x82\xAC");
  CHECK(scenarios::decode_entities("&unknown; &#xZZ; & &#1114112;") ==
        "&unknown; &#xZZ; & \xEF\xBF\xBD");
}
