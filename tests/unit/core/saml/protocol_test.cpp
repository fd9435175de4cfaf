#include <catch2/catch.hpp>

#include "core/crypto/deflate.hpp"
#include "core/crypto/encoding.hpp"
#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/logout.hpp"
#include "core/saml/message_id.hpp"
#include "core/saml/names.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::saml;
using saml_test::credential;
using saml_test::replace_once;

namespace {

AuthnRequest sample_request() {
  AuthnRequest r;
  r.id = saml_test::kRequestId;
  r.issue_instant = saml_test::t0();
  r.issuer = saml_test::kSpEntity;
  r.destination = "https://login.example/tenant/saml2";
  r.assertion_consumer_service_url = saml_test::kAcs;
  r.protocol_binding = std::string(names::kBindingPost);
  r.name_id_policy_present = true;
  r.name_id_format = std::string(names::kNameIdEmail);
  r.allow_create = true;
  r.requested_authn_context = RequestedAuthnContext{"exact", {std::string(names::kAcPassword)}};
  return r;
}

}  // namespace

TEST_CASE("authn request: build and parse round trip", "[saml][authn]") {
  const AuthnRequest in = sample_request();
  const std::string xml = build_authn_request(in);
  const auto out = parse_authn_request(xml);
  INFO(out.verdict().detail);
  REQUIRE(out.ok());
  CHECK(out->id == in.id);
  CHECK(out->version == "2.0");
  CHECK(out->issue_instant == in.issue_instant);
  CHECK(out->issuer == in.issuer);
  CHECK(out->destination == in.destination);
  CHECK(out->assertion_consumer_service_url == in.assertion_consumer_service_url);
  CHECK(out->protocol_binding == in.protocol_binding);
  CHECK(out->name_id_policy_present);
  CHECK(out->name_id_format == in.name_id_format);
  CHECK(out->allow_create == std::optional<bool>(true));
  REQUIRE(out->requested_authn_context);
  CHECK(out->requested_authn_context->comparison == "exact");
  CHECK(out->requested_authn_context->class_refs == in.requested_authn_context->class_refs);
  CHECK_FALSE(out->has_subject);
  CHECK_FALSE(out->force_authn);
  CHECK_FALSE(out->has_signature);

  SECTION("a Subject is detectable") {
    AuthnRequest with_subject = in;
    with_subject.has_subject = true;
    with_subject.subject_name_id = "bob@example.com";
    const auto parsed = parse_authn_request(build_authn_request(with_subject));
    REQUIRE(parsed.ok());
    CHECK(parsed->has_subject);
    CHECK(parsed->subject_name_id == std::optional<std::string>("bob@example.com"));
  }
  SECTION("minimal request: optional parts stay empty") {
    AuthnRequest minimal;
    minimal.id = "_m";
    minimal.issue_instant = saml_test::t0();
    minimal.issuer = "urn:sp";
    const auto parsed = parse_authn_request(build_authn_request(minimal));
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed->destination);
    CHECK_FALSE(parsed->name_id_policy_present);
    CHECK_FALSE(parsed->requested_authn_context);
  }
  SECTION("other prefixes parse the same") {
    const std::string other =
        "<p:AuthnRequest xmlns:p=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\" "
        "Version=\"2.0\" IssueInstant=\"2026-11-27T12:00:00Z\"><Issuer "
        "xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">urn:sp</Issuer></p:AuthnRequest>";
    const auto parsed = parse_authn_request(other);
    REQUIRE(parsed.ok());
    CHECK(parsed->issuer == "urn:sp");
  }
}

TEST_CASE("authn request: hostile and malformed requests", "[saml][authn]") {
  const std::string xml = build_authn_request(sample_request());
  auto reason = [](std::string_view text) { return parse_authn_request(text).verdict().reason; };
  CHECK(reason("<!DOCTYPE a [<!ENTITY x \"y\">]>" + xml) == Reason::kDoctype);
  CHECK(reason(xml.substr(0, xml.size() - 5)) == Reason::kMalformed);
  CHECK(reason(replace_once(xml, " ID=\"", " Id=\"")) == Reason::kMalformed);
  CHECK(reason(replace_once(xml, "IssueInstant=\"2026", "IssueInstant=\"yesterday")) ==
        Reason::kMalformed);
  CHECK(reason(replace_once(xml, "AllowCreate=\"true\"", "AllowCreate=\"maybe\"")) ==
        Reason::kMalformed);
  CHECK(reason(replace_once(xml, "</saml:Issuer>", "<!--x--></saml:Issuer>")) ==
        Reason::kMalformed);
  CHECK(reason(replace_once(xml, "urn:oasis:names:tc:SAML:2.0:protocol", "urn:evil")) ==
        Reason::kWrongMessage);
  CHECK(reason(build_logout_request({"_l", saml_test::t0(), "urn:sp", std::nullopt, "a@b",
                                     std::nullopt, std::nullopt})) == Reason::kWrongMessage);
  CHECK(reason("<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">" +
               std::string(kMaxProtocolMessageBytes, ' ') + "</samlp:AuthnRequest>") ==
        Reason::kOversized);
}

TEST_CASE("bindings: HTTP-Redirect round trip, signed and unsigned", "[saml][bindings]") {
  const std::string xml = build_authn_request(sample_request());
  SECTION("unsigned with RelayState") {
    const std::string query =
        encode_redirect_query("SAMLRequest", xml, "https://portal/start?x=1&y");
    CHECK(query.find("SigAlg") == std::string::npos);
    const auto m = decode_redirect_query(query);
    REQUIRE(m.ok());
    CHECK(m->param == "SAMLRequest");
    CHECK(m->xml == xml);
    CHECK(m->relay_state == std::optional<std::string>("https://portal/start?x=1&y"));
    CHECK_FALSE(m->is_signed());
    CHECK(verify_redirect_signature(*m, {credential("idp").certificate}).reason ==
          Reason::kNoSignature);
  }
  SECTION("signed: verifies with the right certificate only") {
    const auto sp = credential("idp");
    const std::string query = encode_redirect_query("SAMLRequest", xml, "rs", &sp.key);
    const auto m = decode_redirect_query("?" + query + "&login_hint=alice%40example.com");
    REQUIRE(m.ok());
    CHECK(m->is_signed());
    CHECK(m->sig_alg == std::optional<std::string>(names::kAlgRsaSha256));
    CHECK(verify_redirect_signature(*m, {credential("foreign").certificate, sp.certificate}).ok());
    CHECK(verify_redirect_signature(*m, {credential("foreign").certificate}).reason ==
          Reason::kBadSignature);
    SECTION("tampered RelayState") {
      const auto t = decode_redirect_query(replace_once(query, "RelayState=rs", "RelayState=rt"));
      REQUIRE(t.ok());
      CHECK(verify_redirect_signature(*t, {sp.certificate}).reason == Reason::kBadSignature);
    }
    SECTION("parameter order does not matter") {
      const std::string sig = query.substr(query.find("&Signature="));
      const std::string reordered =
          sig.substr(1) + "&" + query.substr(0, query.find("&Signature="));
      const auto t = decode_redirect_query(reordered);
      REQUIRE(t.ok());
      CHECK(verify_redirect_signature(*t, {sp.certificate}).ok());
    }
  }
  SECTION("SHA-1 signature when not allowed") {
    const auto sp = credential("idp");
    const auto m = decode_redirect_query(
        encode_redirect_query("SAMLRequest", xml, "", &sp.key, core::crypto::HashAlgorithm::kSha1));
    REQUIRE(m.ok());
    CHECK(verify_redirect_signature(*m, {sp.certificate}, true).ok());
    CHECK(verify_redirect_signature(*m, {sp.certificate}, false).reason ==
          Reason::kDisallowedAlgorithm);
  }
  SECTION("an unknown SigAlg") {
    const auto sp = credential("idp");
    const std::string query = encode_redirect_query("SAMLRequest", xml, "", &sp.key);
    const auto m = decode_redirect_query(replace_once(
        query,
        "SigAlg=", "SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23hmac-sha256&x="));
    REQUIRE(m.ok());
    CHECK(verify_redirect_signature(*m, {sp.certificate}).reason == Reason::kDisallowedAlgorithm);
  }
  SECTION("SAMLResponse for logout responses") {
    const auto m = decode_redirect_query(encode_redirect_query("SAMLResponse", "<x/>", ""));
    REQUIRE(m.ok());
    CHECK(m->param == "SAMLResponse");
  }
  CHECK(append_query("https://a/b", "x=1") == "https://a/b?x=1");
  CHECK(append_query("https://a/b?c=2", "x=1") == "https://a/b?c=2&x=1");
}

TEST_CASE("bindings: hostile HTTP-Redirect queries", "[saml][bindings]") {
  auto reason = [](std::string_view q) { return decode_redirect_query(q).verdict().reason; };
  const std::string good = encode_redirect_query("SAMLRequest", "<x/>", "");
  CHECK(reason("") == Reason::kMalformed);
  CHECK(reason("RelayState=x") == Reason::kMalformed);
  CHECK(reason(good + "&" + good) == Reason::kMalformed);
  CHECK(reason(good + "&SAMLResponse=abc") == Reason::kMalformed);
  CHECK(reason("SAMLRequest=%%%") == Reason::kMalformed);
  CHECK(reason("SAMLRequest=!!!!") == Reason::kMalformed);
  CHECK(reason("SAMLRequest=" + core::crypto::url_encode(core::crypto::base64_encode(
                                    "plain text"))) == Reason::kMalformed);
  CHECK(reason(good + "&SigAlg=x") == Reason::kMalformed);
  CHECK(reason("SAMLRequest=" + std::string(kMaxRedirectQueryBytes, 'A')) == Reason::kOversized);
  SECTION("deflate bomb stops at the inflate cap") {
    const std::string bomb = core::crypto::deflate_raw(std::string(kMaxInflatedBytes + 1, 'a'));
    CHECK(reason("SAMLRequest=" + core::crypto::url_encode(core::crypto::base64_encode(bomb))) ==
          Reason::kOversized);
  }
}

TEST_CASE("bindings: HTTP-POST form and body", "[saml][bindings]") {
  const std::string html =
      render_post_form("https://sp/acs?a=1&b=2", "SAMLResponse", "<r/>", "x\"<y");
  CHECK(html.find("action=\"https://sp/acs?a=1&amp;b=2\"") != std::string::npos);
  CHECK(html.find("name=\"SAMLResponse\" value=\"" + core::crypto::base64_encode("<r/>") + "\"") !=
        std::string::npos);
  CHECK(html.find("value=\"x&quot;&lt;y\"") != std::string::npos);
  CHECK(html.find("document.forms[0].submit()") != std::string::npos);
  CHECK(render_post_form("https://sp/acs", "SAMLResponse", "<r/>", "").find("RelayState") ==
        std::string::npos);

  SECTION("a body above 8 KiB parses (read with a ContentReader)") {
    const std::string big_xml(20000, 'x');
    const std::string body =
        "SAMLResponse=" + core::crypto::url_encode(core::crypto::base64_encode(big_xml)) +
        "&RelayState=a+b%26c";
    const auto form = parse_form_body(body);
    REQUIRE(form.ok());
    CHECK(form->at("RelayState") == "a b&c");
    const auto decoded = decode_post_value(form->at("SAMLResponse"));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == big_xml);
  }
  SECTION("line breaks inside the base64 are accepted") {
    CHECK(decode_post_value("PHIv\r\nPg==").value() == "<r/>");
  }
  SECTION("rejections") {
    CHECK(parse_form_body(std::string(100, 'a'), 10).verdict().reason == Reason::kOversized);
    CHECK(parse_form_body("a=1&a=2").verdict().reason == Reason::kMalformed);
    CHECK(parse_form_body("a=%G1").verdict().reason == Reason::kMalformed);
    CHECK(decode_post_value("not base64!").verdict().reason == Reason::kMalformed);
    CHECK(decode_post_value("").verdict().reason == Reason::kMalformed);
    CHECK(decode_post_value(core::crypto::base64_encode(std::string(2000, 'x')), 1000)
              .verdict()
              .reason == Reason::kOversized);
  }
}

TEST_CASE("logout: request and response round trip", "[saml][logout]") {
  const LogoutRequest req{"_l1",
                          saml_test::t0(),
                          saml_test::kSpEntity,
                          std::string("https://login/saml2"),
                          "alice@example.com",
                          std::string(names::kNameIdEmail),
                          std::string("_s1")};
  const auto parsed = parse_logout_request(build_logout_request(req));
  INFO(parsed.verdict().detail);
  REQUIRE(parsed.ok());
  CHECK(parsed->id == "_l1");
  CHECK(parsed->issuer == saml_test::kSpEntity);
  CHECK(parsed->name_id == "alice@example.com");
  CHECK(parsed->session_index == std::optional<std::string>("_s1"));
  CHECK(parsed->destination == req.destination);

  LogoutResponse resp;
  resp.id = "_lr";
  resp.issue_instant = saml_test::t0();
  resp.issuer = std::string("https://login.microsoftonline.com/") + saml_test::kTenant + "/";
  resp.in_response_to = "_l1";
  const auto back = parse_logout_response(build_logout_response(resp));
  REQUIRE(back.ok());
  CHECK(back->status_code == names::kStatusSuccess);
  CHECK(back->in_response_to == std::optional<std::string>("_l1"));
  CHECK(back->issuer == resp.issuer);

  SECTION("through the Redirect binding") {
    const auto m =
        decode_redirect_query(encode_redirect_query("SAMLRequest", build_logout_request(req), ""));
    REQUIRE(m.ok());
    CHECK(parse_logout_request(m->xml).ok());
  }
  SECTION("rejections") {
    const std::string xml = build_logout_request(req);
    CHECK(parse_logout_request(replace_once(xml, "<saml:NameID", "<saml:Other")).verdict().reason ==
          Reason::kMalformed);
    CHECK(parse_logout_request(build_logout_response(resp)).verdict().reason ==
          Reason::kWrongMessage);
    CHECK(parse_logout_response(build_logout_request(req)).verdict().reason ==
          Reason::kWrongMessage);
    CHECK(parse_logout_request("<!DOCTYPE a>" + xml).verdict().reason == Reason::kDoctype);
    CHECK(parse_logout_request(
              replace_once(xml, "alice@example.com", "alice@example.com<!---->.evil"))
              .verdict()
              .reason == Reason::kMalformed);
  }
}

TEST_CASE("replay cache: expiry by the virtual clock and capacity", "[saml][replay]") {
  ReplayCache cache(2);
  const auto t = saml_test::t0();
  CHECK(cache.insert("a", t + std::chrono::minutes(5), t));
  CHECK_FALSE(cache.insert("a", t + std::chrono::minutes(5), t + std::chrono::minutes(1)));
  CHECK(cache.contains("a", t));
  CHECK(cache.insert("a", t + std::chrono::minutes(10), t + std::chrono::minutes(5)));
  CHECK(cache.insert("b", t + std::chrono::minutes(20), t + std::chrono::minutes(5)));
  CHECK(cache.insert("c", t + std::chrono::minutes(30), t + std::chrono::minutes(5)));
  CHECK(cache.size() == 2);
  CHECK_FALSE(cache.contains("a", t + std::chrono::minutes(5)));
  cache.clear();
  CHECK(cache.size() == 0);
}

TEST_CASE("names: message ids and reasons", "[saml]") {
  core::util::IdGenerator ids(3);
  const std::string id = new_message_id(ids);
  CHECK(id.size() == 37);
  CHECK(id[0] == '_');
  CHECK(to_string(Reason::kWrapped) == "wrapped");
  CHECK(to_string(Reason::kReplay) == "replay");
}
