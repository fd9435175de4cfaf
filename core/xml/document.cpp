#include "core/xml/document.hpp"

#include <stdexcept>

namespace core::xml {
LoadResult load_untrusted(std::string_view, std::size_t) { throw std::logic_error("not yet"); }
std::string_view namespace_uri(pugi::xml_node) { throw std::logic_error("not yet"); }
std::string_view local_name(pugi::xml_node) { throw std::logic_error("not yet"); }
bool is(pugi::xml_node, std::string_view, std::string_view) { throw std::logic_error("not yet"); }
pugi::xml_node child(pugi::xml_node, std::string_view, std::string_view) {
  throw std::logic_error("not yet");
}
std::vector<pugi::xml_node> children(pugi::xml_node, std::string_view, std::string_view) {
  throw std::logic_error("not yet");
}
std::vector<pugi::xml_node> child_elements(pugi::xml_node) { throw std::logic_error("not yet"); }
std::size_t count_descendants(pugi::xml_node, std::string_view, std::string_view) {
  throw std::logic_error("not yet");
}
std::optional<std::string> attribute(pugi::xml_node, std::string_view) {
  throw std::logic_error("not yet");
}
std::optional<std::string> strict_text(pugi::xml_node) { throw std::logic_error("not yet"); }
std::string escape(std::string_view) { throw std::logic_error("not yet"); }
}  // namespace core::xml
