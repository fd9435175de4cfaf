#include "core/saml/message_id.hpp"

namespace core::saml {

std::string new_message_id(util::IdGenerator& ids) { return "_" + ids.uuid4(); }

}  // namespace core::saml
