#pragma once

// Owners of libxml2 / xmlsec handles and small tree helpers. Included only by core/xmlsig
// sources (the only place that includes <libxml/...> and <xmlsec/...>).

#include <libxml/tree.h>
#include <xmlsec/keys.h>
#include <xmlsec/xmldsig.h>

#include <memory>
#include <string>
#include <string_view>

namespace core::xmlsig::detail {

// libxml2 strings are unsigned char; BAD_CAST is a C cast that -Wold-style-cast rejects.
inline const xmlChar* xc(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
inline const char* cc(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

struct XmlDocFree {
  void operator()(xmlDoc* p) const { xmlFreeDoc(p); }
};
struct XmlCharFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
struct XmlBufferFree {
  void operator()(xmlBuffer* p) const { xmlBufferFree(p); }
};
struct DSigCtxFree {
  void operator()(xmlSecDSigCtx* p) const { xmlSecDSigCtxDestroy(p); }
};
struct SecKeyFree {
  void operator()(xmlSecKey* p) const { xmlSecKeyDestroy(p); }
};

using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharFree>;
using XmlBufferPtr = std::unique_ptr<xmlBuffer, XmlBufferFree>;
using DSigCtxPtr = std::unique_ptr<xmlSecDSigCtx, DSigCtxFree>;
using SecKeyPtr = std::unique_ptr<xmlSecKey, SecKeyFree>;

// True if `node` is an element in namespace `ns` with local name `local`.
inline bool is_element(const xmlNode* node, std::string_view ns, std::string_view local) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && node->name != nullptr &&
         local == cc(node->name) && node->ns != nullptr && node->ns->href != nullptr &&
         ns == cc(node->ns->href);
}

inline xmlNode* first_element(xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE) return node;
  }
  return nullptr;
}

inline xmlNode* next_element(xmlNode* node) {
  return node == nullptr ? nullptr : first_element(node->next);
}

// Value of an attribute without namespace, or "" (with `found` false) if absent.
inline std::string attr(xmlNode* node, const char* name, bool* found = nullptr) {
  XmlCharPtr value(xmlGetNoNsProp(node, xc(name)));
  if (found != nullptr) *found = value != nullptr;
  return value ? std::string(cc(value.get())) : std::string();
}

}  // namespace core::xmlsig::detail
