#include "core/xmlsig/detail/common.hpp"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <openssl/evp.h>
#include <xmlsec/openssl/evp.h>

#include "core/crypto/detail/key_state.hpp"

namespace core::xmlsig::detail {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

void collect_ids(xmlNode* node, std::string_view id, std::vector<xmlNode*>& out) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      const std::string_view name = cc(a->name);
      const bool id_like =
          (a->ns == nullptr && (name == "ID" || name == "Id" || name == "id")) ||
          (a->ns != nullptr && name == "id" && a->ns->href != nullptr &&
           std::string_view(cc(a->ns->href)) == "http://www.w3.org/XML/1998/namespace");
      if (!id_like) continue;
      XmlCharPtr value(xmlNodeListGetString(n->doc, a->children, 1));
      if (value && id == cc(value.get())) {
        out.push_back(n);
        break;
      }
    }
    collect_ids(n->children, id, out);
  }
}

SecKeyPtr adopt(EVP_PKEY* pkey) {
  if (pkey == nullptr || EVP_PKEY_up_ref(pkey) != 1) return nullptr;
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(pkey);
  if (data == nullptr) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  SecKeyPtr key(xmlSecKeyCreate());
  if (!key || xmlSecKeySetValue(key.get(), data) < 0) {
    xmlSecKeyDataDestroy(data);
    return nullptr;
  }
  return key;
}

struct Scope {
  const xmlNode* root;      // visible: this element and everything below it ...
  const xmlNode* excluded;  // ... except this subtree (may be null)
};

// xmlC14NIsVisibleCallback. For attribute and namespace nodes libxml2 passes the owning element
// as `parent` (xmlNs and xmlAttr share xmlNode's `type` offset, so reading it is safe).
int visible_in_scope(void* user_data, xmlNode* node, xmlNode* parent) {
  const auto* scope = static_cast<const Scope*>(user_data);
  const xmlNode* p = node;
  if (node == nullptr || node->type == XML_NAMESPACE_DECL || node->type == XML_ATTRIBUTE_NODE) {
    p = parent;
  }
  for (; p != nullptr && p->type != XML_DOCUMENT_NODE; p = p->parent) {
    if (p == scope->excluded) return 0;
    if (p == scope->root) return 1;
  }
  return 0;
}

}  // namespace

XmlDocPtr parse_hardened(std::string_view xml, std::string* error) {
  if (xml.substr(0, kBom.size()) == kBom) xml.remove_prefix(kBom.size());
  if (xml.find("<!DOCTYPE") != std::string_view::npos ||
      xml.find("<!ENTITY") != std::string_view::npos) {
    *error = "DOCTYPE and entity declarations are not allowed";
    return nullptr;
  }
  if (xml.size() > static_cast<std::size_t>(INT32_MAX)) {
    *error = "document too large";
    return nullptr;
  }
  XmlDocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    const xmlError* err = xmlGetLastError();
    *error = std::string("not well-formed XML") +
             (err != nullptr && err->message != nullptr ? std::string(": ") + err->message : "");
    while (!error->empty() && (error->back() == '\n' || error->back() == ' ')) error->pop_back();
    xmlResetLastError();
    return nullptr;
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    *error = "DOCTYPE is not allowed";
    return nullptr;
  }
  if (xmlDocGetRootElement(doc.get()) == nullptr) {
    *error = "no root element";
    return nullptr;
  }
  return doc;
}

std::vector<xmlNode*> elements_with_id(xmlDoc* doc, std::string_view id) {
  std::vector<xmlNode*> out;
  collect_ids(xmlDocGetRootElement(doc), id, out);
  return out;
}

SecKeyPtr make_private_key(const crypto::SigningKey& key) { return adopt(key.state().pkey.get()); }

SecKeyPtr make_public_key(const crypto::Certificate& cert) {
  return adopt(cert.state().public_key);
}

std::string serialise_node(xmlDoc* doc, xmlNode* node) {
  XmlBufferPtr buf(xmlBufferCreate());
  if (!buf) return {};
  xmlSaveCtxtPtr save = xmlSaveToBuffer(buf.get(), "UTF-8", XML_SAVE_NO_DECL);
  if (save == nullptr) return {};
  (void)doc;
  xmlSaveTree(save, node);
  xmlSaveClose(save);
  return std::string(cc(xmlBufferContent(buf.get())),
                     static_cast<std::size_t>(xmlBufferLength(buf.get())));
}

std::string exclusive_c14n(xmlDoc* doc, xmlNode* node, xmlNode* excluded, bool with_comments) {
  XmlBufferPtr buf(xmlBufferCreate());
  if (!buf) return {};
  xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buf.get(), nullptr);
  if (out == nullptr) return {};
  Scope scope{node, excluded};
  const int rc = xmlC14NExecute(doc, visible_in_scope, &scope, XML_C14N_EXCLUSIVE_1_0, nullptr,
                                with_comments ? 1 : 0, out);
  xmlOutputBufferClose(out);
  if (rc < 0) return {};
  return std::string(cc(xmlBufferContent(buf.get())),
                     static_cast<std::size_t>(xmlBufferLength(buf.get())));
}

std::string canonical_subtree(xmlDoc* doc, xmlNode* node) {
  return exclusive_c14n(doc, node, nullptr, true);
}

}  // namespace core::xmlsig::detail
