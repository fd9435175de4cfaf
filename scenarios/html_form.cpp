#include "scenarios/html_form.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace scenarios {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct Tag {
  std::string name;  // lower case, "/form" for an end tag
  std::map<std::string, std::string> attrs;
};

// Parses the tag starting at html[pos] == '<'; returns the position after '>'.
std::size_t parse_tag(std::string_view html, std::size_t pos, Tag& tag) {
  std::size_t i = pos + 1;
  const auto n = html.size();
  const std::size_t name_start = i;
  if (i < n && html[i] == '/') ++i;
  while (i < n && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '>' &&
         !(html[i] == '/' && i + 1 < n && html[i + 1] == '>')) {
    ++i;
  }
  tag.name = lower(html.substr(name_start, i - name_start));
  while (i < n && html[i] != '>') {
    while (i < n && (std::isspace(static_cast<unsigned char>(html[i])) || html[i] == '/')) ++i;
    if (i >= n || html[i] == '>') break;
    const std::size_t an = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '=' &&
           html[i] != '>') {
      ++i;
    }
    std::string name = lower(html.substr(an, i - an));
    while (i < n && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    std::string value;
    if (i < n && html[i] == '=') {
      ++i;
      while (i < n && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const char q = html[i++];
        const std::size_t vs = i;
        while (i < n && html[i] != q) ++i;
        value = decode_entities(html.substr(vs, i - vs));
        if (i < n) ++i;
      } else {
        const std::size_t vs = i;
        while (i < n && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '>') ++i;
        value = decode_entities(html.substr(vs, i - vs));
      }
    }
    if (!name.empty() && !tag.attrs.contains(name)) tag.attrs[name] = std::move(value);
  }
  return i < n ? i + 1 : n;
}

std::string attr(const Tag& tag, const char* name) {
  const auto it = tag.attrs.find(name);
  return it == tag.attrs.end() ? "" : it->second;
}

bool mentions_submit(std::string_view text) {
  const std::string l = lower(text);
  return l.find("submit()") != std::string::npos || l.find(".submit(") != std::string::npos;
}

}  // namespace

std::string decode_entities(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i++];
      continue;
    }
    const auto ref = text.substr(i + 1, semi - i - 1);
    if (ref.empty() || std::any_of(ref.begin(), ref.end(), [](char c) {
          return !std::isalnum(static_cast<unsigned char>(c)) && c != '#';
        })) {
      out += text[i++];
      continue;
    }
    if (ref == "amp") {
      out += '&';
    } else if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x' || ref[1] == 'X';
      const auto digits = ref.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      bool ok = !digits.empty();
      for (const char c : digits) {
        const auto u = static_cast<unsigned char>(c);
        if (hex ? !std::isxdigit(u) : !std::isdigit(u)) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) +
             static_cast<unsigned long>(std::isdigit(u) ? c - '0' : std::tolower(u) - 'a' + 10);
        if (cp > 0x10FFFF) cp = 0x110000;
      }
      if (!ok) {
        out += text.substr(i, semi - i + 1);
      } else {
        append_utf8(out, cp);
      }
    } else {
      out += text.substr(i, semi - i + 1);
    }
    i = semi + 1;
  }
  return out;
}

bool HtmlForm::has_password() const {
  return std::any_of(inputs.begin(), inputs.end(),
                     [](const HtmlInput& in) { return in.type == "password"; });
}

std::vector<std::pair<std::string, std::string>> HtmlForm::fields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& in : inputs) {
    if (in.name.empty() || in.type == "submit" || in.type == "button" || in.type == "image" ||
        in.type == "reset") {
      continue;
    }
    out.emplace_back(in.name, in.value);
  }
  return out;
}

std::vector<HtmlForm> extract_forms(std::string_view html) {
  if (html.size() > kMaxHtmlBytes) html = html.substr(0, kMaxHtmlBytes);
  std::vector<HtmlForm> forms;
  bool in_form = false;
  bool page_submits = false;
  std::size_t pos = 0;
  while (true) {
    const auto lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      const auto end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    if (html.substr(lt, 9) == "<![CDATA[") {
      const auto end = html.find("]]>", lt + 9);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    Tag tag;
    pos = parse_tag(html, lt, tag);
    if (tag.name == "script" || tag.name == "style" || tag.name == "textarea") {
      const std::string close = "</" + tag.name;
      std::size_t end = pos;
      while (true) {
        end = html.find('<', end);
        if (end == std::string_view::npos || lower(html.substr(end, close.size())) == close) break;
        ++end;
      }
      const auto content =
          html.substr(pos, (end == std::string_view::npos ? html.size() : end) - pos);
      if (tag.name == "script" && mentions_submit(content)) page_submits = true;
      if (tag.name == "textarea" && in_form) {
        forms.back().inputs.push_back({attr(tag, "name"), decode_entities(content), "textarea"});
      }
      if (end == std::string_view::npos) break;
      Tag closing;
      pos = parse_tag(html, end, closing);
      continue;
    }
    if (tag.name == "body" && mentions_submit(attr(tag, "onload"))) page_submits = true;
    if (tag.name == "form") {
      HtmlForm form;
      form.action = attr(tag, "action");
      form.method = lower(attr(tag, "method")) == "post" ? "POST" : "GET";
      forms.push_back(std::move(form));
      in_form = true;
    } else if (tag.name == "/form") {
      in_form = false;
    } else if (in_form && tag.name == "input") {
      std::string type = lower(attr(tag, "type"));
      if (type.empty()) type = "text";
      if ((type == "checkbox" || type == "radio") && !tag.attrs.contains("checked")) continue;
      std::string value = attr(tag, "value");
      if ((type == "checkbox" || type == "radio") && !tag.attrs.contains("value")) value = "on";
      forms.back().inputs.push_back({attr(tag, "name"), value, type});
    } else if (in_form && tag.name == "button") {
      std::string type = lower(attr(tag, "type"));
      if (type.empty()) type = "submit";
      forms.back().inputs.push_back({attr(tag, "name"), attr(tag, "value"), type});
    }
  }
  for (std::size_t i = 0; i < forms.size(); ++i) {
    auto& form = forms[i];
    bool only_hidden = true;
    bool saml = false;
    for (const auto& in : form.inputs) {
      if (in.type != "hidden" && in.type != "submit") only_hidden = false;
      if (in.name == "SAMLResponse" || in.name == "SAMLRequest") saml = true;
    }
    form.auto_submit = (page_submits && i == 0 && !form.has_password()) || (only_hidden && saml);
  }
  return forms;
}

}  // namespace scenarios
