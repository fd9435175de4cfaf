#include "core/xmlsig/signer.hpp"

#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include "core/crypto/encoding.hpp"
#include "core/xmlsig/detail/common.hpp"
#include "core/xmlsig/detail/handles.hpp"

namespace core::xmlsig {
namespace {

using detail::xc;

constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr const char* kAssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";

// SAML core §5.4.1: the Signature follows the Issuer; metadata §3.1.1: it is the first child.
void place_signature(xmlNode* parent, xmlNode* signature) {
  xmlNode* first = detail::first_element(parent->children);
  if (first != nullptr && detail::is_element(first, kAssertionNs, "Issuer")) {
    xmlAddNextSibling(first, signature);
  } else if (parent->children != nullptr) {
    xmlAddPrevSibling(parent->children, signature);
  } else {
    xmlAddChild(parent, signature);
  }
}

void add_key_info(xmlNode* signature, const crypto::Certificate& certificate, bool prefixed) {
  xmlNode* key_info = xmlNewNode(nullptr, xc("KeyInfo"));
  if (key_info == nullptr) throw SignError("xmlsig: out of memory");
  xmlAddChild(signature, key_info);
  if (prefixed) {
    xmlNs* ns = xmlNewNs(key_info, xc(kDsigNs), xc("ds"));
    xmlSetNs(key_info, ns);
  } else {
    xmlSetNs(key_info, signature->ns);
  }
  xmlNode* x509_data = xmlNewChild(key_info, key_info->ns, xc("X509Data"), nullptr);
  const std::string b64 = certificate.base64_der();
  xmlNode* cert = xmlNewChild(x509_data, key_info->ns, xc("X509Certificate"), nullptr);
  if (x509_data == nullptr || cert == nullptr) throw SignError("xmlsig: out of memory");
  xmlNodeAddContentLen(cert, xc(b64.c_str()), static_cast<int>(b64.size()));
}

}  // namespace

std::string sign_enveloped(std::string_view xml, const std::vector<std::string>& element_ids,
                           const crypto::SigningKey& key, const crypto::Certificate& certificate,
                           const SignOptions& options) {
  std::string error;
  detail::XmlDocPtr doc = detail::parse_hardened(xml, &error);
  if (!doc) throw SignError("xmlsig: cannot sign: " + error);
  const bool sha1 = options.algorithm == crypto::HashAlgorithm::kSha1;

  for (const std::string& id : element_ids) {
    const std::vector<xmlNode*> found = detail::elements_with_id(doc.get(), id);
    if (found.size() != 1) {
      throw SignError("xmlsig: cannot sign: ID '" + id + "' found " + std::to_string(found.size()) +
                      " times");
    }
    xmlNode* target = found.front();
    if (xmlHasProp(target, xc("ID")) == nullptr) {
      throw SignError("xmlsig: cannot sign: element has no ID attribute");
    }

    xmlNode* signature = xmlSecTmplSignatureCreate(
        doc.get(), xmlSecTransformExclC14NId,
        sha1 ? xmlSecTransformRsaSha1Id : xmlSecTransformRsaSha256Id, nullptr);
    if (signature == nullptr) throw SignError("xmlsig: cannot create the signature template");
    place_signature(target, signature);
    const std::string uri = "#" + id;
    xmlNode* reference = xmlSecTmplSignatureAddReference(
        signature, sha1 ? xmlSecTransformSha1Id : xmlSecTransformSha256Id, nullptr, xc(uri.c_str()),
        nullptr);
    if (reference == nullptr ||
        xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedId) == nullptr ||
        xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NId) == nullptr) {
      throw SignError("xmlsig: cannot create the reference template");
    }

    // The digest and signature are computed here with libxml2's exclusive c14n (scoped by a
    // visibility callback) rather than by xmlSecDSigCtxSign, whose node-set based c14n is
    // quadratic in the document size; verification (xmlsec) checks the result.
    xmlNode* signed_info = detail::first_element(signature->children);
    xmlNode* signature_value = detail::next_element(signed_info);
    xmlNode* digest_value = detail::first_element(reference->children);
    while (digest_value != nullptr && !detail::is_element(digest_value, kDsigNs, "DigestValue")) {
      digest_value = detail::next_element(digest_value);
    }
    if (signed_info == nullptr || signature_value == nullptr || digest_value == nullptr) {
      throw SignError("xmlsig: unexpected signature template");
    }
    const std::string canonical = detail::exclusive_c14n(doc.get(), target, signature, false);
    if (canonical.empty()) throw SignError("xmlsig: canonicalization of '" + id + "' failed");
    const std::string digest =
        crypto::base64_encode(sha1 ? crypto::sha1(canonical) : crypto::sha256(canonical));
    xmlNodeSetContentLen(digest_value, xc(digest.c_str()), static_cast<int>(digest.size()));
    const std::string canonical_info =
        detail::exclusive_c14n(doc.get(), signed_info, nullptr, false);
    if (canonical_info.empty()) throw SignError("xmlsig: canonicalization of SignedInfo failed");
    const std::string value = crypto::base64_encode(key.sign(canonical_info, options.algorithm));
    xmlNodeSetContentLen(signature_value, xc(value.c_str()), static_cast<int>(value.size()));
    if (options.include_key_info) add_key_info(signature, certificate, options.prefixed_key_info);
  }
  return detail::serialise_node(doc.get(), xmlDocGetRootElement(doc.get()));
}

}  // namespace core::xmlsig
