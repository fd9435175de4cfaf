#include "core/saml/bindings.hpp"

#include "core/crypto/deflate.hpp"
#include "core/crypto/encoding.hpp"
#include "core/saml/names.hpp"
#include "core/xml/document.hpp"

namespace core::saml {
namespace {

struct RawParam {
  std::string_view name;
  std::string_view raw_value;
};

// Splits "a=1&b=2" without decoding. Empty segments are skipped.
std::vector<RawParam> split_query(std::string_view query) {
  std::vector<RawParam> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.push_back({part, {}});
    } else {
      out.push_back({part.substr(0, eq), part.substr(eq + 1)});
    }
  }
  return out;
}

}  // namespace

std::string_view sig_alg_uri(crypto::HashAlgorithm algorithm) {
  return algorithm == crypto::HashAlgorithm::kSha1 ? names::kAlgRsaSha1 : names::kAlgRsaSha256;
}

std::optional<crypto::HashAlgorithm> sig_alg_from_uri(std::string_view uri) {
  if (uri == names::kAlgRsaSha256) return crypto::HashAlgorithm::kSha256;
  if (uri == names::kAlgRsaSha1) return crypto::HashAlgorithm::kSha1;
  return std::nullopt;
}

std::string encode_redirect_query(std::string_view param, std::string_view xml,
                                  std::string_view relay_state, const crypto::SigningKey* signer,
                                  crypto::HashAlgorithm algorithm) {
  std::string query(param);
  query += '=';
  query += crypto::url_encode(crypto::base64_encode(crypto::deflate_raw(xml)));
  if (!relay_state.empty()) {
    query += "&RelayState=";
    query += crypto::url_encode(relay_state);
  }
  if (signer != nullptr) {
    query += "&SigAlg=";
    query += crypto::url_encode(sig_alg_uri(algorithm));
    const std::string signature = signer->sign(query, algorithm);
    query += "&Signature=";
    query += crypto::url_encode(crypto::base64_encode(signature));
  }
  return query;
}

std::string append_query(std::string_view base_url, std::string_view query) {
  std::string url(base_url);
  url += base_url.find('?') == std::string_view::npos ? '?' : '&';
  url += query;
  return url;
}

Result<RedirectMessage> decode_redirect_query(std::string_view raw_query) {
  if (!raw_query.empty() && raw_query.front() == '?') raw_query.remove_prefix(1);
  if (raw_query.size() > kMaxRedirectQueryBytes) {
    return Result<RedirectMessage>::fail(
        Reason::kOversized, "query of " + std::to_string(raw_query.size()) + " bytes exceeds " +
                                std::to_string(kMaxRedirectQueryBytes));
  }
  std::optional<std::string_view> request, response, relay, sig_alg, signature;
  for (const RawParam& p : split_query(raw_query)) {
    std::optional<std::string_view>* slot = nullptr;
    if (p.name == "SAMLRequest") slot = &request;
    if (p.name == "SAMLResponse") slot = &response;
    if (p.name == "RelayState") slot = &relay;
    if (p.name == "SigAlg") slot = &sig_alg;
    if (p.name == "Signature") slot = &signature;
    if (slot == nullptr) continue;
    if (slot->has_value()) {
      return Result<RedirectMessage>::fail(Reason::kMalformed,
                                           "parameter " + std::string(p.name) + " is repeated");
    }
    *slot = p.raw_value;
  }
  if (request.has_value() == response.has_value()) {
    return Result<RedirectMessage>::fail(
        Reason::kMalformed, request ? "both SAMLRequest and SAMLResponse are present"
                                    : "neither SAMLRequest nor SAMLResponse is present");
  }
  if (sig_alg.has_value() != signature.has_value()) {
    return Result<RedirectMessage>::fail(Reason::kMalformed,
                                         "SigAlg and Signature must come together");
  }
  RedirectMessage msg;
  msg.param = request ? "SAMLRequest" : "SAMLResponse";
  const std::string_view raw_message = request ? *request : *response;
  // base64 may carry an unescaped '+': never read '+' as a space in base64 values.
  const auto b64 = crypto::url_decode(raw_message, false);
  if (!b64) return Result<RedirectMessage>::fail(Reason::kMalformed, "bad URL escape in message");
  const auto deflated = crypto::base64_decode(*b64);
  if (!deflated || deflated->empty()) {
    return Result<RedirectMessage>::fail(Reason::kMalformed, "message is not base64");
  }
  bool too_large = false;
  auto inflated = crypto::inflate_raw(*deflated, kMaxInflatedBytes, &too_large);
  if (!inflated) {
    if (too_large) {
      return Result<RedirectMessage>::fail(
          Reason::kOversized,
          "inflated message exceeds " + std::to_string(kMaxInflatedBytes) + " bytes");
    }
    return Result<RedirectMessage>::fail(Reason::kMalformed, "message is not raw DEFLATE");
  }
  msg.xml = std::move(*inflated);
  if (relay) {
    auto value = crypto::url_decode(*relay, true);
    if (!value) return Result<RedirectMessage>::fail(Reason::kMalformed, "bad RelayState escape");
    msg.relay_state = std::move(*value);
  }
  if (sig_alg) {
    auto alg = crypto::url_decode(*sig_alg, true);
    auto sig_b64 = crypto::url_decode(*signature, false);
    if (!alg || !sig_b64) {
      return Result<RedirectMessage>::fail(Reason::kMalformed, "bad SigAlg or Signature escape");
    }
    auto sig = crypto::base64_decode(*sig_b64);
    if (!sig || sig->empty()) {
      return Result<RedirectMessage>::fail(Reason::kMalformed, "Signature is not base64");
    }
    msg.sig_alg = std::move(*alg);
    msg.signature = std::move(*sig);
    // saml-bindings §3.4.4.1: the octets as received, in this fixed order.
    msg.signed_octets = msg.param + "=" + std::string(raw_message);
    if (relay) msg.signed_octets += "&RelayState=" + std::string(*relay);
    msg.signed_octets += "&SigAlg=" + std::string(*sig_alg);
  }
  return msg;
}

Verdict verify_redirect_signature(const RedirectMessage& message,
                                  const std::vector<crypto::TrustedCert>& trusted,
                                  bool allow_sha1) {
  if (!message.is_signed()) return Verdict::fail(Reason::kNoSignature, "query is not signed");
  const auto alg = sig_alg_from_uri(*message.sig_alg);
  if (!alg || (*alg == crypto::HashAlgorithm::kSha1 && !allow_sha1)) {
    return Verdict::fail(Reason::kDisallowedAlgorithm,
                         "SigAlg " + *message.sig_alg + " is not allowed");
  }
  for (const crypto::TrustedCert& cert : trusted) {
    if (cert.verify(message.signed_octets, message.signature, *alg)) return Verdict::pass();
  }
  return Verdict::fail(Reason::kBadSignature,
                       "query signature does not verify with any trusted certificate");
}

std::string render_post_form(std::string_view action_url, std::string_view param,
                             std::string_view xml, std::string_view relay_state) {
  std::string html =
      "<html><head><title>Working...</title></head><body>"
      "<form method=\"POST\" name=\"hiddenform\" action=\"";
  html += xml::escape(action_url);
  html += "\"><input type=\"hidden\" name=\"";
  html += xml::escape(param);
  html += "\" value=\"";
  html += crypto::base64_encode(xml);
  html += "\" />";
  if (!relay_state.empty()) {
    html += "<input type=\"hidden\" name=\"RelayState\" value=\"";
    html += xml::escape(relay_state);
    html += "\" />";
  }
  html +=
      "<noscript><p>Script is disabled. Click Submit to continue.</p>"
      "<input type=\"submit\" value=\"Submit\" /></noscript></form>"
      "<script language=\"javascript\">window.setTimeout('document.forms[0].submit()', 0);"
      "</script></body></html>";
  return html;
}

Result<std::map<std::string, std::string>> parse_form_body(std::string_view body,
                                                           std::size_t max_bytes) {
  using R = Result<std::map<std::string, std::string>>;
  if (body.size() > max_bytes) {
    return R::fail(Reason::kOversized, "form body of " + std::to_string(body.size()) +
                                           " bytes exceeds " + std::to_string(max_bytes));
  }
  std::map<std::string, std::string> fields;
  for (const RawParam& p : split_query(body)) {
    auto name = crypto::url_decode(p.name, true);
    auto value = crypto::url_decode(p.raw_value, true);
    if (!name || !value) return R::fail(Reason::kMalformed, "bad escape in form body");
    if (fields.count(*name) != 0) {
      return R::fail(Reason::kMalformed, "form field " + *name + " is repeated");
    }
    fields.emplace(std::move(*name), std::move(*value));
  }
  return fields;
}

Result<std::string> decode_post_value(std::string_view base64, std::size_t max_bytes) {
  // Every 4 base64 symbols make at most 3 bytes: refuse before decoding what cannot fit.
  if (base64.size() / 4 * 3 > max_bytes + max_bytes / 8 + 1024) {
    return Result<std::string>::fail(Reason::kOversized,
                                     "posted message exceeds " + std::to_string(max_bytes));
  }
  auto decoded = crypto::base64_decode(base64);
  if (!decoded || decoded->empty()) {
    return Result<std::string>::fail(Reason::kMalformed, "posted message is not base64");
  }
  if (decoded->size() > max_bytes) {
    return Result<std::string>::fail(Reason::kOversized,
                                     "posted message of " + std::to_string(decoded->size()) +
                                         " bytes exceeds " + std::to_string(max_bytes));
  }
  return std::move(*decoded);
}

}  // namespace core::saml
