#include "core/saml/message_id.hpp"

namespace core::saml {

std::string new_message_id(util::IdGenerator& ids) {
  // Appending (rather than "_" + uuid) also keeps GCC 12's -Wrestrict false positive away.
  std::string id;
  id.reserve(37);
  id += '_';
  id += ids.uuid4();
  return id;
}

}  // namespace core::saml
