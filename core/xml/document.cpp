#include "core/xml/document.hpp"

#include <cstring>

namespace core::xml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view prefix_of(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

// Resolves `prefix` ("" = default namespace) from `node` upwards.
std::string_view resolve_prefix(pugi::xml_node node, std::string_view prefix) {
  if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if (prefix.empty() ? name == "xmlns"
                         : (name.size() == prefix.size() + 6 && name.substr(0, 6) == "xmlns:" &&
                            name.substr(6) == prefix)) {
        return a.value();
      }
    }
  }
  return {};
}

}  // namespace

LoadResult load_untrusted(std::string_view text, std::size_t max_bytes) {
  LoadResult result;
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (text.size() > max_bytes) {
    result.status = LoadStatus::kOversized;
    result.detail = "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                    std::to_string(max_bytes);
    return result;
  }
  // A DOCTYPE may hide anywhere before the root; its markup is always this literal (XML is
  // case-sensitive), so a plain search cannot be fooled by encoding tricks in UTF-8 input.
  if (text.find("<!DOCTYPE") != std::string_view::npos ||
      text.find("<!ENTITY") != std::string_view::npos) {
    result.status = LoadStatus::kDoctype;
    result.detail = "DOCTYPE and entity declarations are not allowed";
    return result;
  }
  if (text.find('\0') != std::string_view::npos) {
    result.status = LoadStatus::kMalformed;
    result.detail = "NUL character in document (only UTF-8 is accepted)";
    return result;
  }
  auto doc = std::make_unique<pugi::xml_document>();
  const unsigned options = pugi::parse_default | pugi::parse_comments | pugi::parse_pi |
                           pugi::parse_doctype | pugi::parse_declaration;
  const pugi::xml_parse_result parsed =
      doc->load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  if (!parsed) {
    result.status = LoadStatus::kMalformed;
    result.detail = std::string("not well-formed XML: ") + parsed.description() + " at offset " +
                    std::to_string(parsed.offset);
    return result;
  }
  for (pugi::xml_node n = doc->first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype) {
      result.status = LoadStatus::kDoctype;
      result.detail = "DOCTYPE is not allowed";
      return result;
    }
  }
  if (!doc->document_element()) {
    result.status = LoadStatus::kEmpty;
    result.detail = "no root element";
    return result;
  }
  result.status = LoadStatus::kOk;
  result.doc = std::move(doc);
  return result;
}

std::string_view namespace_uri(pugi::xml_node node) {
  if (node.type() != pugi::node_element) return {};
  return resolve_prefix(node, prefix_of(node.name()));
}

std::string_view local_name(pugi::xml_node node) {
  const std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local &&
         namespace_uri(node) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (is(n, ns, local)) return n;
  }
  return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns,
                                     std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (is(n, ns, local)) out.push_back(n);
  }
  return out;
}

std::vector<pugi::xml_node> child_elements(pugi::xml_node parent) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_element) out.push_back(n);
  }
  return out;
}

std::size_t count_descendants(pugi::xml_node node, std::string_view ns, std::string_view local) {
  std::size_t count = 0;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (is(n, ns, local)) ++count;
    count += count_descendants(n, ns, local);
  }
  return count;
}

std::optional<std::string> attribute(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (name == a.name()) return std::string(a.value());
  }
  return std::nullopt;
}

std::optional<std::string> strict_text(pugi::xml_node node) {
  if (node.type() != pugi::node_element) return std::nullopt;
  pugi::xml_node only = node.first_child();
  if (!only) return std::string();
  if (only.next_sibling()) return std::nullopt;
  if (only.type() != pugi::node_pcdata && only.type() != pugi::node_cdata) return std::nullopt;
  return std::string(only.value());
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default: {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\t' && c != '\n') break;  // not allowed in XML 1.0
        out.push_back(ch);
      }
    }
  }
  return out;
}

}  // namespace core::xml
