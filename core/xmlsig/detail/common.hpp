#pragma once

// Parsing and key helpers shared by signer.cpp and verifier.cpp.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/xmlsig/detail/handles.hpp"

namespace core::xmlsig::detail {

// Parses `xml` with libxml2 hardened for untrusted input: no network (XML_PARSE_NONET), no
// entity substitution (never XML_PARSE_NOENT), no DTD loading, no huge-document mode; a DOCTYPE
// is refused before and after parsing. Leading UTF-8 BOM allowed. On failure returns null and
// sets `error`.
XmlDocPtr parse_hardened(std::string_view xml, std::string* error);

// Every element carrying an ID-like attribute (ID, Id, id without namespace, or xml:id) equal to
// `id`, in document order.
std::vector<xmlNode*> elements_with_id(xmlDoc* doc, std::string_view id);

// An xmlsec key sharing the OpenSSL key (reference-counted, no re-parsing).
SecKeyPtr make_private_key(const crypto::SigningKey& key);
SecKeyPtr make_public_key(const crypto::Certificate& cert);

// Serialises `node` without XML declaration, as it appears in the document.
std::string serialise_node(xmlDoc* doc, xmlNode* node);

// Exclusive XML canonicalization 1.0 (http://www.w3.org/2001/10/xml-exc-c14n#) of the subtree of
// `node` minus the subtree of `excluded` (may be null): the enveloped-signature transform followed
// by exc-c14n when `excluded` is the Signature. Empty on failure.
std::string exclusive_c14n(xmlDoc* doc, xmlNode* node, xmlNode* excluded, bool with_comments);

// Serialises the subtree of `node` with exclusive c14n (comments kept), carrying the namespace
// declarations it uses from its ancestors. Empty on failure.
std::string canonical_subtree(xmlDoc* doc, xmlNode* node);

}  // namespace core::xmlsig::detail
