#include "core/scim/patch.hpp"

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"

namespace core::scim {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '$';
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

[[noreturn]] void bad_path(std::string_view text, const std::string& reason) {
  throw Error::invalid_path("Invalid path \"" + std::string(text.substr(0, 200)) + "\": " + reason);
}

// Splits "attr.sub" of the part after any URN prefix.
void split_attribute(std::string_view text, std::string_view part, PatchPath& out, bool allow_sub) {
  const auto dot = part.find('.');
  const std::string_view attr = part.substr(0, dot);
  if (!valid_name(attr)) bad_path(text, "malformed attribute name");
  out.attribute = std::string(attr);
  if (dot == std::string_view::npos) return;
  if (!allow_sub) bad_path(text, "a sub-attribute goes after the value filter");
  const std::string_view sub = part.substr(dot + 1);
  if (!valid_name(sub)) bad_path(text, "malformed sub-attribute name");
  out.sub_attribute = std::string(sub);
}

}  // namespace

PatchPath parse_patch_path(std::string_view text) {
  if (text.empty()) bad_path(text, "the path is empty");
  if (text.size() > kMaxPatchPathLength) {
    bad_path(text, "longer than " + std::to_string(kMaxPatchPathLength) + " characters");
  }
  PatchPath path;
  path.text = std::string(text);
  const auto bracket = text.find('[');
  std::string_view head = text.substr(0, bracket);
  if (head.size() > 4 && iequals(head.substr(0, 4), "urn:")) {
    const auto colon = head.rfind(':');
    path.schema = std::string(head.substr(0, colon));
    head = head.substr(colon + 1);
  }
  split_attribute(text, head, path, bracket == std::string_view::npos);
  if (bracket == std::string_view::npos) return path;

  // Find the closing bracket outside quoted strings.
  std::size_t i = bracket + 1;
  bool quoted = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bad_path(text, "nested brackets");
    } else if (c == ']') {
      break;
    }
  }
  if (i >= text.size()) bad_path(text, "missing ']'");
  try {
    path.value_filter = parse_filter(text.substr(bracket + 1, i - bracket - 1));
  } catch (const Error& e) {
    bad_path(text, "bad value filter: " + e.detail());
  }
  const std::string_view rest = text.substr(i + 1);
  if (rest.empty()) return path;
  if (rest.front() != '.' || !valid_name(rest.substr(1))) {
    bad_path(text, "only \".subAttribute\" may follow the value filter");
  }
  path.sub_attribute = std::string(rest.substr(1));
  return path;
}

std::string_view to_string(PatchOpKind op) {
  switch (op) {
    case PatchOpKind::kAdd:
      return "add";
    case PatchOpKind::kReplace:
      return "replace";
    case PatchOpKind::kRemove:
      return "remove";
  }
  return "";
}

std::vector<PatchOperation> parse_patch_request(const nlohmann::json& body) {
  if (!body.is_object()) throw Error::invalid_syntax("The PATCH body must be a JSON object.");
  if (const auto schemas = body.find("schemas"); schemas != body.end()) {
    bool found = false;
    if (schemas->is_array()) {
      for (const auto& s : *schemas) {
        if (!s.is_string()) throw Error::invalid_syntax("\"schemas\" must hold strings.");
        if (iequals(s.get_ref<const std::string&>(), kPatchOpSchema)) found = true;
      }
    } else {
      throw Error::invalid_syntax("\"schemas\" must be an array.");
    }
    if (!found) {
      throw Error::invalid_syntax("\"schemas\" must contain " + std::string(kPatchOpSchema) + ".");
    }
  }
  const auto ops = body.find("Operations");
  if (ops == body.end() || !ops->is_array()) {
    throw Error::invalid_syntax("\"Operations\" must be an array.");
  }
  if (ops->empty()) throw Error::invalid_syntax("\"Operations\" is empty.");
  if (ops->size() > kMaxPatchOperations) {
    throw Error::too_many("More than " + std::to_string(kMaxPatchOperations) + " operations.");
  }
  std::vector<PatchOperation> out;
  out.reserve(ops->size());
  for (const auto& item : *ops) {
    if (!item.is_object()) throw Error::invalid_syntax("Each operation must be a JSON object.");
    PatchOperation op;
    const auto name = item.find("op");
    if (name == item.end() || !name->is_string()) {
      throw Error::invalid_syntax("Each operation needs \"op\" (add, replace or remove).");
    }
    const auto& n = name->get_ref<const std::string&>();
    if (iequals(n, "add")) {
      op.op = PatchOpKind::kAdd;
    } else if (iequals(n, "replace")) {
      op.op = PatchOpKind::kReplace;
    } else if (iequals(n, "remove")) {
      op.op = PatchOpKind::kRemove;
    } else {
      throw Error::invalid_syntax("Unknown PATCH op \"" + n.substr(0, 50) + "\".");
    }
    if (const auto p = item.find("path"); p != item.end() && !p->is_null()) {
      if (!p->is_string()) throw Error::invalid_path("\"path\" must be a string.");
      op.path = parse_patch_path(p->get_ref<const std::string&>());
    }
    if (const auto v = item.find("value"); v != item.end() && !v->is_null()) op.value = *v;
    if (op.op == PatchOpKind::kRemove && !op.path) {
      throw Error::invalid_path(std::string(kDetailPathless));
    }
    if (op.op != PatchOpKind::kRemove && !op.value) {
      throw Error::invalid_syntax("\"" + std::string(to_string(op.op)) + "\" needs a \"value\".");
    }
    if (op.op != PatchOpKind::kRemove && !op.path && !op.value->is_object()) {
      throw Error::invalid_path(std::string(kDetailPathless));
    }
    out.push_back(std::move(op));
  }
  return out;
}

std::vector<std::pair<PatchPath, nlohmann::json>> expand_pathless_value(
    const nlohmann::json& object, const std::vector<std::string_view>& extension_schemas) {
  std::vector<std::pair<PatchPath, nlohmann::json>> out;
  for (const auto& [key, value] : object.items()) {
    bool opened = false;
    for (const auto schema : extension_schemas) {
      if (!iequals(key, schema)) continue;
      if (!value.is_object()) {
        throw Error::invalid_value("\"" + key + "\" must be an object.");
      }
      for (const auto& [sub_key, sub_value] : value.items()) {
        out.emplace_back(parse_patch_path(key + ":" + sub_key), sub_value);
      }
      opened = true;
    }
    if (!opened) out.emplace_back(parse_patch_path(key), value);
  }
  return out;
}

std::optional<bool> parse_bool_value(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (iequals(s, "true")) return true;
    if (iequals(s, "false")) return false;
  }
  return std::nullopt;
}

}  // namespace core::scim
