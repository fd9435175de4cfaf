#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace core::xml {

// Why load_untrusted() refused a document.
enum class LoadStatus {
  kOk,
  kEmpty,      // no root element
  kOversized,  // more than the caller's byte limit
  kDoctype,    // a DOCTYPE (and so any DTD or entity declaration) is present
  kMalformed,  // not well-formed XML (pugixml's message and byte offset in `detail`)
};

struct LoadResult {
  LoadStatus status = LoadStatus::kMalformed;
  std::string detail;                       // human-readable reason; empty when kOk
  std::unique_ptr<pugi::xml_document> doc;  // set only when kOk

  bool ok() const { return status == LoadStatus::kOk; }
  pugi::xml_node root() const { return doc ? doc->document_element() : pugi::xml_node(); }
};

// Parses XML from an untrusted peer. Contract: the size is checked before parsing
// (`max_bytes`, a leading UTF-8 BOM not counted); any DOCTYPE is rejected (so no DTD, no entity
// declarations, no external entities: pugixml never fetches anything and never expands entities
// other than the five predefined ones and character references); comments and processing
// instructions are kept as nodes so that strict_text() can see them. Never throws.
LoadResult load_untrusted(std::string_view text, std::size_t max_bytes);

// The namespace URI of an element, resolved through the xmlns / xmlns:prefix declarations on it
// and its ancestors (Namespaces in XML §6). "" when the name is unqualified and no default
// namespace is in scope, or when the prefix is undeclared. The view points into `node`'s document.
std::string_view namespace_uri(pugi::xml_node node);
// The part of the element name after the prefix.
std::string_view local_name(pugi::xml_node node);
// True if `node` is an element with namespace `ns` and local name `local` (prefixes never matter).
bool is(pugi::xml_node node, std::string_view ns, std::string_view local);

// The first child element of `parent` named {ns}local, or an empty node.
pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local);
// All child elements of `parent` named {ns}local, in document order.
std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns,
                                     std::string_view local);
// All child elements of `parent` (any name), in document order.
std::vector<pugi::xml_node> child_elements(pugi::xml_node parent);
// Number of elements named {ns}local anywhere below `node` (not counting `node` itself).
std::size_t count_descendants(pugi::xml_node node, std::string_view ns, std::string_view local);

// The value of an unqualified attribute, or nullopt if absent.
std::optional<std::string> attribute(pugi::xml_node node, std::string_view name);

// The text content of a leaf element, read strictly: returns nullopt when the element has a
// comment, a processing instruction or a child element inside it, or several text pieces (the
// NameID comment-injection attack: "alice@example.com<!---->.evil.com" must not read as
// "alice@example.com"). An element with no content reads as "". CDATA counts as text.
std::optional<std::string> strict_text(pugi::xml_node node);

// Escapes text for element content and double-quoted attribute values (&, <, >, ", ' and CR).
// Characters XML 1.0 forbids (C0 controls other than TAB, LF, CR) are dropped.
std::string escape(std::string_view text);

}  // namespace core::xml
