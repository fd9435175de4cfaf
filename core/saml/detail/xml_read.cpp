#include "core/saml/detail/xml_read.hpp"

#include "core/util/iso8601.hpp"

namespace core::saml::detail {

Verdict load(std::string_view xml, std::size_t max_bytes, xml::LoadResult* out) {
  *out = xml::load_untrusted(xml, max_bytes);
  switch (out->status) {
    case xml::LoadStatus::kOk:
      return Verdict::pass();
    case xml::LoadStatus::kOversized:
      return Verdict::fail(Reason::kOversized, out->detail);
    case xml::LoadStatus::kDoctype:
      return Verdict::fail(Reason::kDoctype, out->detail);
    case xml::LoadStatus::kEmpty:
    case xml::LoadStatus::kMalformed:
      break;
  }
  return Verdict::fail(Reason::kMalformed, out->detail);
}

std::optional<std::string> opt_attr(pugi::xml_node node, std::string_view name) {
  return xml::attribute(node, name);
}

Verdict read_instant(pugi::xml_node node, std::string_view name, bool required,
                     std::optional<util::TimePoint>* out) {
  const auto text = xml::attribute(node, name);
  if (!text) {
    if (required) {
      return Verdict::fail(Reason::kMalformed,
                           std::string(xml::local_name(node)) + " has no " + std::string(name));
    }
    *out = std::nullopt;
    return Verdict::pass();
  }
  *out = util::parse_datetime(*text);
  if (!*out) {
    return Verdict::fail(Reason::kMalformed, std::string(xml::local_name(node)) + "@" +
                                                 std::string(name) + " is not a date-time: '" +
                                                 *text + "'");
  }
  return Verdict::pass();
}

Verdict read_bool(pugi::xml_node node, std::string_view name, std::optional<bool>* out) {
  const auto text = xml::attribute(node, name);
  if (!text) {
    *out = std::nullopt;
  } else if (*text == "true" || *text == "1") {
    *out = true;
  } else if (*text == "false" || *text == "0") {
    *out = false;
  } else {
    return Verdict::fail(Reason::kMalformed,
                         std::string(name) + " is not a boolean: '" + *text + "'");
  }
  return Verdict::pass();
}

Verdict read_text(pugi::xml_node node, std::string_view what, std::string* out) {
  auto text = xml::strict_text(node);
  if (!text) {
    return Verdict::fail(Reason::kMalformed,
                         std::string(what) + " contains a comment, markup or split text");
  }
  *out = std::move(*text);
  return Verdict::pass();
}

std::string xml_attr(std::string_view name, std::string_view value) {
  std::string out;
  out.reserve(name.size() + value.size() + 4);
  out += ' ';
  out += name;
  out += "=\"";
  out += xml::escape(value);
  out += '"';
  return out;
}

std::string instant(util::TimePoint t) { return util::format_utc_millis(t); }

std::size_t utf8_chars(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace core::saml::detail
