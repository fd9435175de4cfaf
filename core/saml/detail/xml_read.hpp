#pragma once

// Reading helpers shared by the SAML parsers (internal to core/saml).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/saml/verdict.hpp"
#include "core/util/clock.hpp"
#include "core/xml/document.hpp"

namespace core::saml::detail {

// load_untrusted() with its status mapped to a Reason (kOversized, kDoctype, kMalformed).
Verdict load(std::string_view xml, std::size_t max_bytes, xml::LoadResult* out);

// Optional and required attributes; required ones fail with kMalformed naming `what`.
std::optional<std::string> opt_attr(pugi::xml_node node, std::string_view name);
// Reads an xs:dateTime attribute; kMalformed if absent (when required) or unparsable.
Verdict read_instant(pugi::xml_node node, std::string_view name, bool required,
                     std::optional<util::TimePoint>* out);
// Reads an xs:boolean attribute ("true", "false", "1", "0"); kMalformed if unparsable.
Verdict read_bool(pugi::xml_node node, std::string_view name, std::optional<bool>* out);
// strict_text() of `node` into `out`; kMalformed naming `what` when it has markup inside.
Verdict read_text(pugi::xml_node node, std::string_view what, std::string* out);

// " ATTR=\"escaped value\"" for builders.
std::string xml_attr(std::string_view name, std::string_view value);

// "2026-11-27T16:41:36.123Z".
std::string instant(util::TimePoint t);

// Number of Unicode code points in UTF-8 text (continuation bytes not counted).
std::size_t utf8_chars(std::string_view text);

}  // namespace core::saml::detail
