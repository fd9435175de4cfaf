#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scenarios {

struct HtmlInput {
  std::string name;
  std::string value;
  std::string type;  // lower case; "text" when absent; "textarea" for <textarea>
};

struct HtmlForm {
  std::string action;  // as written (entities decoded); "" = the page's own URL
  std::string method;  // "GET" or "POST"
  std::vector<HtmlInput> inputs;
  bool auto_submit = false;  // the page submits it without a user (script or SAML binding)
  bool has_password() const;
  // The fields a browser would send (named inputs, no buttons).
  std::vector<std::pair<std::string, std::string>> fields() const;
};

// A small, tolerant extractor of <form> elements and their <input>/<textarea>/<button
// type=submit> children from HTML, as a browser needs them to post SAML messages and sign-in
// forms. Not a full HTML parser: comments, scripts and CDATA are skipped; attributes may be
// quoted or not. Inputs outside any form are ignored. Never throws; input is capped at
// kMaxHtmlBytes (the rest is ignored).
std::vector<HtmlForm> extract_forms(std::string_view html);

// Decodes the character references that appear in attribute values (&amp; &lt; &gt; &quot;
// &#39; &#NN; &#xHH;). Unknown references are kept as written.
std::string decode_entities(std::string_view text);

constexpr std::size_t kMaxHtmlBytes = 4 * 1024 * 1024;

}  // namespace scenarios
