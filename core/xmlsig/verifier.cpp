#include "core/xmlsig/verifier.hpp"

#include <xmlsec/crypto.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>

#include <algorithm>
#include <optional>

#include "core/crypto/encoding.hpp"
#include "core/xmlsig/detail/common.hpp"
#include "core/xmlsig/detail/handles.hpp"

namespace core::xmlsig {
namespace {

using detail::attr;
using detail::first_element;
using detail::is_element;
using detail::next_element;

constexpr std::string_view kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view kExcC14nComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
constexpr std::string_view kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
constexpr std::string_view kRsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
constexpr std::string_view kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
constexpr std::string_view kSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";

VerifyResult fail(VerifyStatus status, std::string detail) {
  VerifyResult r;
  r.status = status;
  r.detail = std::move(detail);
  return r;
}

// Walks `path` from the root; null with `error` set if a step has zero or several matches.
xmlNode* select(xmlDoc* doc, const std::vector<QName>& path, std::string* error) {
  xmlNode* node = xmlDocGetRootElement(doc);
  if (path.empty()) {
    *error = "empty element path";
    return nullptr;
  }
  if (!is_element(node, path[0].ns, path[0].local)) {
    *error = "document element is not {" + path[0].ns + "}" + path[0].local;
    return nullptr;
  }
  for (std::size_t i = 1; i < path.size(); ++i) {
    xmlNode* match = nullptr;
    int count = 0;
    for (xmlNode* c = first_element(node->children); c != nullptr; c = next_element(c)) {
      if (is_element(c, path[i].ns, path[i].local)) {
        match = c;
        ++count;
      }
    }
    if (count != 1) {
      *error = "expected exactly one {" + path[i].ns + "}" + path[i].local + ", found " +
               std::to_string(count);
      return nullptr;
    }
    node = match;
  }
  return node;
}

std::vector<xmlNode*> signature_children(xmlNode* target) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = first_element(target->children); c != nullptr; c = next_element(c)) {
    if (is_element(c, kDsigNs, "Signature")) out.push_back(c);
  }
  return out;
}

// The structural profile; returns "" when satisfied, else the violation. Sets `algorithm`.
std::string check_profile(xmlNode* signature, const std::string& id, const VerifyPolicy& policy,
                          VerifyStatus* status, crypto::HashAlgorithm* algorithm) {
  *status = VerifyStatus::kProfileViolation;
  xmlNode* signed_info = first_element(signature->children);
  if (!is_element(signed_info, kDsigNs, "SignedInfo")) return "Signature has no SignedInfo first";
  for (xmlNode* c = next_element(signed_info); c != nullptr; c = next_element(c)) {
    if (is_element(c, kDsigNs, "Object")) return "Signature contains an Object";
    if (is_element(c, kDsigNs, "SignedInfo")) return "Signature has several SignedInfo";
  }
  xmlNode* c14n = first_element(signed_info->children);
  if (!is_element(c14n, kDsigNs, "CanonicalizationMethod")) {
    return "SignedInfo has no CanonicalizationMethod";
  }
  const std::string c14n_alg = attr(c14n, "Algorithm");
  if (c14n_alg != kExcC14n && c14n_alg != kExcC14nComments) {
    *status = VerifyStatus::kDisallowedAlgorithm;
    return "canonicalization " + c14n_alg + " is not exclusive c14n";
  }
  xmlNode* method = next_element(c14n);
  if (!is_element(method, kDsigNs, "SignatureMethod")) return "SignedInfo has no SignatureMethod";
  const std::string sig_alg = attr(method, "Algorithm");
  if (sig_alg == kRsaSha256) {
    *algorithm = crypto::HashAlgorithm::kSha256;
  } else if (sig_alg == kRsaSha1 && policy.allow_sha1) {
    *algorithm = crypto::HashAlgorithm::kSha1;
  } else {
    *status = VerifyStatus::kDisallowedAlgorithm;
    return "signature algorithm " + sig_alg + " is not allowed";
  }
  std::vector<xmlNode*> references;
  for (xmlNode* c = next_element(method); c != nullptr; c = next_element(c)) {
    if (!is_element(c, kDsigNs, "Reference")) return "unexpected element in SignedInfo";
    references.push_back(c);
  }
  if (references.size() != 1) {
    return "SignedInfo has " + std::to_string(references.size()) + " References, expected one";
  }
  xmlNode* reference = references.front();
  bool has_uri = false;
  const std::string uri = attr(reference, "URI", &has_uri);
  if (!has_uri || uri != "#" + id) {
    return "Reference URI '" + uri + "' does not point to the signed element '#" + id + "'";
  }
  xmlNode* child = first_element(reference->children);
  if (is_element(child, kDsigNs, "Transforms")) {
    int count = 0;
    for (xmlNode* t = first_element(child->children); t != nullptr; t = next_element(t)) {
      if (!is_element(t, kDsigNs, "Transform")) return "unexpected element in Transforms";
      const std::string alg = attr(t, "Algorithm");
      if (alg != kEnveloped && alg != kExcC14n && alg != kExcC14nComments) {
        return "transform " + alg + " is not allowed";
      }
      if (first_element(t->children) != nullptr && alg != kExcC14n && alg != kExcC14nComments) {
        return "transform with parameters";
      }
      if (++count > 2) return "more than two transforms";
    }
    child = next_element(child);
  }
  if (!is_element(child, kDsigNs, "DigestMethod")) return "Reference has no DigestMethod";
  const std::string digest_alg = attr(child, "Algorithm");
  if (!(digest_alg == kSha256 || (digest_alg == kSha1 && policy.allow_sha1))) {
    *status = VerifyStatus::kDisallowedAlgorithm;
    return "digest algorithm " + digest_alg + " is not allowed";
  }
  return {};
}

// The DER bytes in KeyInfo/X509Data/X509Certificate, if any and valid base64. Parsing them as a
// certificate is left to the failure path (it costs more than the RSA verification).
std::optional<std::string> key_info_der(xmlNode* signature) {
  for (xmlNode* ki = first_element(signature->children); ki != nullptr; ki = next_element(ki)) {
    if (!is_element(ki, kDsigNs, "KeyInfo")) continue;
    for (xmlNode* xd = first_element(ki->children); xd != nullptr; xd = next_element(xd)) {
      if (!is_element(xd, kDsigNs, "X509Data")) continue;
      for (xmlNode* c = first_element(xd->children); c != nullptr; c = next_element(c)) {
        if (!is_element(c, kDsigNs, "X509Certificate")) continue;
        detail::XmlCharPtr text(xmlNodeGetContent(c));
        if (!text) return std::nullopt;
        return crypto::base64_decode(detail::cc(text.get()));
      }
    }
  }
  return std::nullopt;
}

std::optional<crypto::Certificate> parse_der(const std::optional<std::string>& der) {
  if (!der || der->empty()) return std::nullopt;
  try {
    return crypto::Certificate::from_der(*der);
  } catch (const crypto::CryptoError&) {
    return std::nullopt;
  }
}

// One xmlsec verification with `cert`'s key; true only for a valid signature with one reference.
bool verify_with(xmlNode* signature, const crypto::Certificate& cert, bool allow_sha1) {
  detail::DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) return false;
  detail::SecKeyPtr key = detail::make_public_key(cert);
  if (!key) return false;
  ctx->signKey = key.release();  // owned by ctx; KeyInfo is never consulted with a preset key
  ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
  bool ok = xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformEnvelopedId) >= 0 &&
            xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformExclC14NId) >= 0 &&
            xmlSecDSigCtxEnableReferenceTransform(ctx.get(),
                                                  xmlSecTransformExclC14NWithCommentsId) >= 0 &&
            xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha256Id) >= 0 &&
            xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformExclC14NId) >= 0 &&
            xmlSecDSigCtxEnableSignatureTransform(ctx.get(),
                                                  xmlSecTransformExclC14NWithCommentsId) >= 0 &&
            xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha256Id) >= 0;
  if (ok && allow_sha1) {
    ok = xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha1Id) >= 0 &&
         xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha1Id) >= 0;
  }
  if (!ok) return false;
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0) return false;
  return ctx->status == xmlSecDSigStatusSucceeded &&
         xmlSecPtrListGetSize(&ctx->signedInfoReferences) == 1;
}

}  // namespace

VerifyResult verify_enveloped(std::string_view xml, const std::vector<QName>& path,
                              const std::vector<crypto::TrustedCert>& trusted,
                              const VerifyPolicy& policy) {
  if (xml.size() > policy.max_bytes) {
    return fail(VerifyStatus::kOversized, "document of " + std::to_string(xml.size()) +
                                              " bytes exceeds " + std::to_string(policy.max_bytes));
  }
  std::string error;
  detail::XmlDocPtr doc = detail::parse_hardened(xml, &error);
  if (!doc) return fail(VerifyStatus::kMalformed, error);
  xmlNode* target = select(doc.get(), path, &error);
  if (target == nullptr) return fail(VerifyStatus::kMalformed, error);

  const std::vector<xmlNode*> signatures = signature_children(target);
  if (signatures.empty()) return fail(VerifyStatus::kNoSignature, "element is not signed");
  if (signatures.size() > 1) {
    return fail(VerifyStatus::kProfileViolation, "element has several Signature children");
  }
  xmlNode* signature = signatures.front();

  bool has_id = false;
  const std::string id = attr(target, "ID", &has_id);
  if (!has_id || id.empty()) {
    return fail(VerifyStatus::kProfileViolation, "signed element has no ID attribute");
  }
  VerifyStatus status = VerifyStatus::kProfileViolation;
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
  if (std::string violation = check_profile(signature, id, policy, &status, &algorithm);
      !violation.empty()) {
    return fail(status, violation);
  }
  const std::vector<xmlNode*> holders = detail::elements_with_id(doc.get(), id);
  if (holders.size() != 1 || holders.front() != target) {
    return fail(VerifyStatus::kProfileViolation,
                "ID '" + id + "' is carried by " + std::to_string(holders.size()) + " elements");
  }
  xmlAttr* id_attr = xmlHasProp(target, detail::xc("ID"));
  if (xmlAddID(nullptr, doc.get(), detail::xc(id.c_str()), id_attr) == nullptr) {
    return fail(VerifyStatus::kProfileViolation, "ID '" + id + "' cannot be registered");
  }

  // KeyInfo only orders the attempts (and explains failures); trust comes from `trusted`.
  const std::optional<std::string> hinted_der = key_info_der(signature);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < trusted.size(); ++i) {
    if (hinted_der && trusted[i].der() == *hinted_der)
      order.insert(order.begin(), i);
    else
      order.push_back(i);
  }
  for (const std::size_t i : order) {
    if (verify_with(signature, trusted[i], policy.allow_sha1)) {
      VerifyResult ok;
      ok.status = VerifyStatus::kOk;
      ok.element_id = id;
      ok.algorithm = algorithm;
      ok.trusted_index = i;
      ok.element_xml = detail::canonical_subtree(doc.get(), target);
      if (ok.element_xml.empty()) return fail(VerifyStatus::kMalformed, "cannot serialise");
      return ok;
    }
  }
  const std::optional<crypto::Certificate> hinted = parse_der(hinted_der);
  if (hinted && std::find(trusted.begin(), trusted.end(), *hinted) == trusted.end() &&
      verify_with(signature, *hinted, policy.allow_sha1)) {
    return fail(VerifyStatus::kUntrustedKey,
                "signed by an untrusted certificate (SHA-1 thumbprint " +
                    hinted->thumbprint_sha1() + ", subject " + hinted->subject() + ")");
  }
  return fail(VerifyStatus::kBadSignature,
              trusted.empty() ? "no trusted certificate configured"
                              : "signature does not verify with any trusted certificate "
                                "(content altered or signed by another key)");
}

bool has_signature(std::string_view xml, const std::vector<QName>& path) {
  std::string error;
  detail::XmlDocPtr doc = detail::parse_hardened(xml, &error);
  if (!doc) return false;
  xmlNode* target = select(doc.get(), path, &error);
  return target != nullptr && !signature_children(target).empty();
}

std::string_view to_string(VerifyStatus status) {
  switch (status) {
    case VerifyStatus::kOk:
      return "ok";
    case VerifyStatus::kMalformed:
      return "malformed";
    case VerifyStatus::kOversized:
      return "oversized";
    case VerifyStatus::kNoSignature:
      return "no signature";
    case VerifyStatus::kProfileViolation:
      return "profile violation";
    case VerifyStatus::kDisallowedAlgorithm:
      return "disallowed algorithm";
    case VerifyStatus::kUntrustedKey:
      return "untrusted key";
    case VerifyStatus::kBadSignature:
      return "bad signature";
  }
  return "unknown";
}

}  // namespace core::xmlsig
